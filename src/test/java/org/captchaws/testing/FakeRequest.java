package org.captchaws.testing;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as a servlet container hands it to a filter or servlet, for unit tests that have
 * no container: headers (case-insensitive names, repeatable), the peer's address, scheme, server
 * name and port, servlet path; and an upgrade that makes the handler as a container would.
 * Anything else is refused ({@link Unsupported}).
 */
public final class FakeRequest extends HttpServletRequestWrapper {

    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String remoteAddr = "127.0.0.1";
    private String scheme = "http";
    private String serverName = "localhost";
    private int serverPort = 8080;
    private String servletPath = "";
    private HttpUpgradeHandler upgraded;

    public FakeRequest() {
        super(Unsupported.of(HttpServletRequest.class));
    }

    /** Adds a header line; a name given twice has two lines. */
    public FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeRequest remoteAddr(String address) {
        remoteAddr = address;
        return this;
    }

    public FakeRequest scheme(String value) {
        scheme = value;
        return this;
    }

    public FakeRequest server(String name, int port) {
        serverName = name;
        serverPort = port;
        return this;
    }

    public FakeRequest servletPath(String path) {
        servletPath = path;
        return this;
    }

    /** The handler {@link #upgrade} made, or null. */
    public HttpUpgradeHandler upgraded() {
        return upgraded;
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public String getServerName() {
        return serverName;
    }

    @Override
    public int getServerPort() {
        return serverPort;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    /** As a container does: a new handler of the class, by its public no-argument constructor. */
    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> type) throws ServletException {
        try {
            T handler = type.getConstructor().newInstance();
            upgraded = handler;
            return handler;
        } catch (ReflectiveOperationException e) {
            throw new ServletException(e);
        }
    }
}
