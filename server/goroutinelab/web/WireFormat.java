package goroutinelab.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import goroutinelab.engine.Ops;
import goroutinelab.engine.Op;
import goroutinelab.engine.RuntimeConfig;
import goroutinelab.lesson.I18n;
import goroutinelab.lesson.Lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of docs/spec/protocol.md besides the frame ({@link Frames}): lesson, error and log messages. */
public final class WireFormat {
    public static final ObjectMapper JSON = new ObjectMapper();

    private WireFormat() {
    }

    /** A wire message as JSON text. */
    static String text(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("WireFormat.text: cannot write JSON", e);
        }
    }

    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    /** The lesson's metadata and script outline, in one language. */
    public static Map<String, Object> lesson(Lesson l, String lang) {
        RuntimeConfig cfg = l.runtime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "lesson");
        m.put("id", l.id());
        m.put("lang", lang);
        m.put("title", l.title().in(lang));
        m.put("summary", l.summary().in(lang));
        m.put("goVersion", l.goVersion());
        m.put("simplifies", l.simplifies().in(lang));
        m.put("model", l.model().name().toLowerCase());
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("gomaxprocs", cfg.gomaxprocs());
        rt.put("runqSize", cfg.runqSize());
        rt.put("asyncPreemption", cfg.asyncPreemption());
        rt.put("writeBarrier", cfg.writeBarrier());
        rt.put("gogc", cfg.gogc());
        rt.put("seed", cfg.seed());
        m.put("runtime", rt);
        Map<String, Object> fns = new LinkedHashMap<>();
        if (l.program() != null) {
            l.program().functions().forEach((name, body) -> fns.put(name, describe(body)));
            m.put("channels", l.program().channels());
        }
        m.put("functions", fns);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Lesson.Step s : l.steps()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("say", s.say().in(lang));
            if (!s.more().en().isEmpty()) {
                st.put("more", s.more().in(lang));
            }
            st.put("focus", s.focus());
            st.put("run", s.run().describe());
            if (s.quiz() != null) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("ask", s.quiz().ask().in(lang));
                List<String> choices = new ArrayList<>();
                for (I18n c : s.quiz().choices()) {
                    choices.add(c.in(lang));
                }
                q.put("choices", choices);
                q.put("answer", s.quiz().answer());
                q.put("explain", s.quiz().explain().in(lang));
                st.put("quiz", q);
            }
            steps.add(st);
        }
        m.put("steps", steps);
        return m;
    }

    private static List<Object> describe(List<Op> body) {
        List<Object> out = new ArrayList<>();
        for (Op op : body) {
            if (op instanceof Op.Repeat r) {
                Map<String, Object> rep = new LinkedHashMap<>();
                rep.put("repeat", r.times());
                rep.put("do", describe(r.body()));
                out.add(rep);
            } else {
                out.add(Ops.describe(op));
            }
        }
        return out;
    }
}
