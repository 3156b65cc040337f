package org.captchaws.testing;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a filter or servlet answers, recorded for unit tests that have no container: status,
 * headers, content type and encoding, and the body written through the writer or the stream.
 * Anything else is refused ({@link Unsupported}).
 */
public final class FakeResponse extends HttpServletResponseWrapper {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final StringWriter text = new StringWriter();
    private final PrintWriter writer = new PrintWriter(text);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding;

    public FakeResponse() {
        super(Unsupported.of(HttpServletResponse.class));
    }

    /** The body: what was written as text, else the bytes as UTF-8. */
    public String body() {
        writer.flush();
        return text.toString().isEmpty() ? bytes.toString(StandardCharsets.UTF_8) : text.toString();
    }

    /** The header set last under this name (any case), or null. */
    @Override
    public String getHeader(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public PrintWriter getWriter() {
        return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("setWriteListener");
            }
        };
    }
}
