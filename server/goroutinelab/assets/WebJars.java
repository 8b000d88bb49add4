package goroutinelab.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the pages load their front-end libraries from: the WebJars the build
 * bundles, at the versions the build wrote into {@code build.properties}, so a
 * version is named once, in the pom.
 */
public final class WebJars {
    private static final Properties VERSIONS = load();

    private WebJars() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = WebJars.class.getResourceAsStream("/goroutinelab/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("WebJars: build.properties is missing from the classpath (was the app built with Maven?)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static String version(String lib) {
        String v = VERSIONS.getProperty(lib + ".version");
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException("WebJars: no version of " + lib + " in build.properties");
        }
        return v;
    }

    /** D3's single-file bundle. */
    public static String d3() {
        return "/webjars/d3/" + version("d3") + "/dist/d3.min.js";
    }

    /** A file of CodeMirror 5, e.g. {@code lib/codemirror.js}. */
    public static String codemirror(String file) {
        return "/webjars/codemirror/" + version("codemirror") + "/" + file;
    }
}
