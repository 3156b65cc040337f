package org.captchaws.image;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The characters of {@code chinese} captchas and the font that draws them, both bundled:
 * frequent characters that no other character in the list resembles (no 己/已, 未/末, 人/入, 日/曰,
 * 明/朋), and a subset of Noto Sans CJK SC Bold holding exactly those, so nothing depends on
 * the fonts a server has installed.
 */
public final class ChineseCharacters {

    static final String LIST_RESOURCE = "chinese-characters.txt";
    static final String FONT_RESOURCE = "NotoSansSC-Bold-captcha.otf";
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private ChineseCharacters() {
    }

    /** The characters, in the list's order. */
    public static String list() {
        try (InputStream in = resource(LIST_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LIST_RESOURCE, e);
        }
    }

    public static Font font() {
        try (InputStream in = resource(FONT_RESOURCE)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load " + FONT_RESOURCE, e);
        }
    }

    /**
     * The characters of {@code characters} that {@code font} draws no visible glyph for: the
     * startup self-test, so a list and a font that disagree fail the deployment, not a captcha.
     */
    public static List<String> withoutGlyph(Font font, String characters) {
        Font sized = font.deriveFont(32f);
        List<String> missing = new ArrayList<>();
        characters.codePoints().forEach(c -> {
            String character = Character.toString(c);
            Rectangle2D ink = sized.createGlyphVector(CONTEXT, character).getOutline().getBounds2D();
            if (!sized.canDisplay(c) || ink.isEmpty()) {
                missing.add(character);
            }
        });
        return missing;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ChineseCharacters.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }
}
