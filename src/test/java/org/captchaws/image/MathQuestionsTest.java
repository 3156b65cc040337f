package org.captchaws.image;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MathQuestionsTest {

    private static final Pattern QUESTION = Pattern.compile("(\\d+)([+\\-×])(\\d+)=\\?");

    private enum Operator { PLUS, MINUS, TIMES }

    @Test
    void everyQuestionIsSmallArithmeticWithItsResultAsTheAnswer() {
        MathQuestions questions = new MathQuestions(new Random(7));
        Set<Operator> seen = EnumSet.noneOf(Operator.class);
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            MathQuestions.Question question = questions.next();
            Matcher parts = QUESTION.matcher(question.text());
            assertTrue(parts.matches(), question.text());
            int a = Integer.parseInt(parts.group(1));
            int b = Integer.parseInt(parts.group(3));
            int result = switch (parts.group(2)) {
                case "+" -> {
                    seen.add(Operator.PLUS);
                    assertTrue(a >= 1 && a <= 20 && b >= 1 && b <= 20, question.text());
                    yield a + b;
                }
                case "-" -> {
                    seen.add(Operator.MINUS);
                    assertTrue(a <= 20 && b >= 1 && b < a, question.text());
                    yield a - b;
                }
                default -> {
                    seen.add(Operator.TIMES);
                    assertTrue(a >= 2 && a <= 9 && b >= 2 && b <= 9, question.text());
                    yield a * b;
                }
            };
            assertTrue(result >= 0, question.text());
            assertEquals(Integer.toString(result), question.answer(), question.text());
            answers.add(question.answer());
        }
        assertEquals(EnumSet.allOf(Operator.class), seen);
        assertTrue(answers.size() > 40, "answers vary: " + answers.size());
    }
}
