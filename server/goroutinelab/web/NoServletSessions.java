package goroutinelab.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The lab keeps no state per visitor on the server outside a socket's own
 * session, so no servlet session is ever created: every request is wrapped so
 * that {@code getSession(false)} is null and {@code getSession()} is a
 * throwaway that holds nothing (Javalin reads the session's attributes while
 * upgrading a WebSocket, which would otherwise create a session and set a
 * {@code JSESSIONID} cookie per connect, kept for the container's 30 minutes).
 */
final class NoServletSessions implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            chain.doFilter(new Sessionless(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class Sessionless extends HttpServletRequestWrapper {
        Sessionless(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            return create ? new Nothing(getServletContext()) : null;
        }

        @Override
        public HttpSession getSession() {
            return new Nothing(getServletContext());
        }

        @Override
        public String changeSessionId() {
            throw new IllegalStateException("the lab uses no servlet sessions");
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }

    /** A session that keeps nothing and is never stored. */
    private static final class Nothing implements HttpSession {
        private final ServletContext context;
        private final long created = System.currentTimeMillis();

        Nothing(ServletContext context) {
            this.context = context;
        }

        @Override
        public long getCreationTime() {
            return created;
        }

        @Override
        public String getId() {
            return "";
        }

        @Override
        public long getLastAccessedTime() {
            return created;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
            // nothing is kept
        }

        @Override
        public int getMaxInactiveInterval() {
            return 0;
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public void setAttribute(String name, Object value) {
            // nothing is kept
        }

        @Override
        public void removeAttribute(String name) {
            // nothing is kept
        }

        @Override
        public void invalidate() {
            // nothing to forget
        }

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
