package org.captchaws.image;

import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChineseCharactersTest {

    private static final Font FONT = ChineseCharacters.font();

    @Test
    void theListIsCommonCharactersEachOnce() {
        String list = ChineseCharacters.list();
        Set<Integer> seen = new HashSet<>();
        list.codePoints().forEach(c -> {
            assertEquals(Character.UnicodeScript.HAN, Character.UnicodeScript.of(c), Character.toString(c));
            assertTrue(seen.add(c), "repeated: " + Character.toString(c));
        });
        assertTrue(seen.size() >= 100, "enough characters for 4 of them to be hard to guess: " + seen.size());
    }

    @Test
    void theBundledFontDrawsEveryCharacterOfTheList() {
        assertEquals(List.of(), ChineseCharacters.withoutGlyph(FONT, ChineseCharacters.list()));
    }

    @Test
    void theSelfTestNamesACharacterTheSubsetLacks() {
        assertEquals(List.of("龘"), ChineseCharacters.withoutGlyph(FONT, "春龘秋"));
    }
}
