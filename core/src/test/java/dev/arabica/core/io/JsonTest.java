package dev.arabica.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void parsesAllValueTypesInDocumentOrder() {
        Object v = Json.parse(" {\"z\": 1, \"a\": [true, false, null, \"s\"], \"m\": {\"x\": -2.5e3}} ");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
        assertEquals(1L, map.get("z"));
        assertEquals(Arrays.asList(true, false, null, "s"), map.get("a"));
        assertEquals(Map.of("x", -2500.0), map.get("m"));
    }

    @Test
    void integersAreLongsUnlessTheyOverflowOrHaveFractionOrExponent() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
        assertEquals(1000.0, Json.parse("1e3"));
        assertEquals(0.01, Json.parse("1E-2"));
        assertEquals(-150.0, Json.parse("-1.5e+2"));
        assertEquals(2.0, Json.parse("2.0"));
        assertEquals(4.9e-324, Json.parse("4.9e-324"));
    }

    @Test
    void stringEscapesAndSurrogatePairs() {
        assertEquals("a\"b\\c/d\b\f\n\r\t", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
        assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("raw 😀 é", Json.parse("\"raw 😀 é\""));
        assertEquals("", Json.parse("\"\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                     | 0 | unexpected end of input",
            "`   `                  | 3 | unexpected end of input",
            "`{} x`                 | 3 | after the JSON value",
            "`[1] [2]`              | 4 | after the JSON value",
            "`\"abc`                | 0 | unterminated string",
            "`\"a\\x\"`             | 2 | invalid escape",
            "`\"\\u12G4\"`          | 5 | invalid hex digit",
            "`\"\\u12\"`            | 1 | truncated \\u escape",
            "`\"\\ud800\"`          | 1 | unpaired high surrogate",
            "`\"\\ud800\\u0041\"`   | 1 | not a low surrogate",
            "`\"\\udc00\"`          | 1 | unpaired low surrogate",
            "`01`                   | 0 | leading zero",
            "`1.`                   | 2 | expected a digit after '.'",
            "`.5`                   | 0 | expected a value",
            "`+1`                   | 0 | expected a value",
            "`-`                    | 1 | expected a digit",
            "`1e`                   | 2 | exponent",
            "`1e999`                | 0 | out of the double range",
            "`NaN`                  | 0 | expected a value",
            "`tru`                  | 0 | expected a value",
            "`nul`                  | 0 | expected a value",
            "`[1,]`                 | 3 | expected a value",
            "`[1 2]`                | 3 | expected ',' or ']'",
            "`{\"a\":1,}`           | 7 | expected a string key",
            "`{'a':1}`              | 1 | expected a string key",
            "`{\"a\" 1}`            | 5 | expected ':'",
            "`{\"a\":1 \"b\":2}`    | 7 | expected ',' or '}'",
            "`{\"a\":1,\"a\":2}`    | 7 | duplicate key \"a\"",
            "`[`                    | 1 | unexpected end of input",
    })
    void malformedInputReportsOffset(String text, int offset, String fragment) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().endsWith("at offset " + offset), e.getMessage());
    }

    @Test
    void rawControlCharacterInStringIsRejected() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("control character U+000A"), e.getMessage());
    }

    @Test
    void nestingLimitStopsHostileInputWithoutStackOverflow() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok));
        String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(tooDeep));
        assertEquals(Json.MAX_DEPTH, e.offset());
        String hostile = "{\"a\":".repeat(200_000);
        assertThrows(JsonException.class, () -> Json.parse(hostile));
    }

    @Test
    void writesCompactJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", List.of(1, 2.5, "x", true));
        m.put("n", null);
        m.put("shape", new int[] {2, 3});
        m.put("offsets", new long[] {0, 1L << 40});
        m.put("empty", new int[0]);
        m.put("big", BigInteger.TEN.pow(30));
        assertEquals("{\"b\":1,\"a\":[1,2.5,\"x\",true],\"n\":null,\"shape\":[2,3],\"offsets\":[0,1099511627776],"
                + "\"empty\":[],\"big\":1000000000000000000000000000000}", Json.write(m));
        assertEquals("{}", Json.write(Map.of()));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("null", Json.write(null));
    }

    @Test
    void writeEscapesLikeSerdeJson() {
        assertEquals("\"q\\\"b\\\\ \\b\\f\\n\\r\\t \\u0000\\u001f \u007f é 😀 /\"",
                Json.write("q\"b\\ \b\f\n\r\t \u0000\u001f \u007f é 😀 /"));
    }

    @Test
    void writeRejectsWhatJsonCannotRepresent() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write("\ud800"));
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cyclic));
    }

    @Test
    void roundTrips() {
        String[] docs = {
                "{\"a\":[1,-2,3.5,1.0E-5,\"\\u0001\\\"\"],\"b\":{\"c\":null,\"d\":false},\"e\":\"😀é\"}",
                "[[],{},[[]],\"\",0]",
                "-9223372036854775808",
        };
        for (String doc : docs) {
            assertEquals(doc, Json.write(Json.parse(doc)));
        }
        Object parsed = Json.parse(Json.write(Map.of("x", List.of(0.1, 1e300, -0.0))));
        assertEquals(Map.of("x", List.of(0.1, 1e300, -0.0)), parsed);
        assertNull(Json.parse(" null "));
    }
}
