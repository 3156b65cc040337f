package org.captchaws.testing;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/**
 * The archives the integration tests deploy: the WAR exactly as `mvn package` built it, or a
 * copy of it under another context root with extra configuration.
 */
public final class Deployments {

    /** Above system properties (400), the strongest source a server configures. */
    private static final String CONFIG_ORDINAL = "config_ordinal=1000\n";

    private Deployments() {
    }

    public static WebArchive builtWar() {
        String path = System.getProperty("war.file", "target/captcha-ws.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
    }

    /**
     * The built WAR as a second application at {@code /contextRoot}, with MicroProfile Config
     * properties (lines of {@code key=value}) packed inside it. They win over the server's own
     * configuration (server-config/ applied to the test server, system properties, environment).
     */
    public static WebArchive builtWarWith(String contextRoot, String configProperties) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, contextRoot + ".war").merge(builtWar());
        war.delete("/WEB-INF/jboss-web.xml");
        war.addAsWebInfResource(new StringAsset(
                "<jboss-web><context-root>/" + contextRoot + "</context-root></jboss-web>"), "jboss-web.xml");
        war.delete("/WEB-INF/glassfish-web.xml");
        war.addAsWebInfResource(new StringAsset(
                "<glassfish-web-app><context-root>/" + contextRoot + "</context-root></glassfish-web-app>"),
                "glassfish-web.xml");
        war.addAsResource(new StringAsset(asciiOnly(CONFIG_ORDINAL + configProperties)),
                "META-INF/microprofile-config.properties");
        return war;
    }

    /** Properties files are read as ISO-8859-1 by some servers: escape everything else. */
    private static String asciiOnly(String properties) {
        StringBuilder escaped = new StringBuilder();
        properties.chars().forEach(c -> escaped.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return escaped.toString();
    }
}
