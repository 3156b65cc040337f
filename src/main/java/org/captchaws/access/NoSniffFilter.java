package org.captchaws.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Images are served as {@code image/png} and nothing else: {@code nosniff} keeps a browser from
 * guessing another type from a file's bytes. Covers the images the web app serves itself, and on
 * Payara those of an alternate docroot too (its default servlet runs behind the app's filters);
 * WildFly's external-folder handler bypasses the servlet chain and gets the header from
 * server-config/wildfly/captcha-ws.cli.
 */
@WebFilter(urlPatterns = "/images/*")
public class NoSniffFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
