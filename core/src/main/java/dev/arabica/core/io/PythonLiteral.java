package dev.arabica.core.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for the subset of Python literal syntax that {@code .npy} headers use: dicts with string
 * keys, tuples (a parenthesised single value without comma is not a tuple, as in Python), lists,
 * strings in single or double quotes, integers (an old Python 2 {@code L} suffix is accepted),
 * {@code True}, {@code False}, {@code None}. Trailing commas are allowed where Python allows them.
 *
 * <p>Results: {@code Map<String, Object>} (document order), {@link Tuple}, {@code List<Object>},
 * {@link String}, {@link BigInteger}, {@link Boolean}, {@link #NONE}.
 */
final class PythonLiteral {
    /** A Python tuple; distinct from a list because NumPy requires the shape to be a tuple. */
    record Tuple(List<Object> items) {}

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** Syntax error, with the character offset into the header text. */
    static final class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    private static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** Parses one literal; whitespace (space, tab, newline, CR) may surround it, nothing else. */
    static Object parse(String text) {
        PythonLiteral p = new PythonLiteral(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected " + p.current() + " after the literal");
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        int c = peek();
        if (c == '{') return dict(depth + 1);
        if (c == '(') return tuple(depth + 1);
        if (c == '[') return list(depth + 1);
        if (c == '\'' || c == '"') return string();
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) return integer();
        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
            String word = s.substring(start, pos);
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> NONE;
                default -> {
                    pos = start;
                    throw error("unexpected name '" + word + "'");
                }
            };
        }
        throw error("expected a value, found " + current());
    }

    private Map<String, Object> dict(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            int keyPos = pos;
            if (peek() != '\'' && peek() != '"') throw error("expected a string key, found " + current());
            String key = string();
            skipWhitespace();
            if (peek() != ':') throw error("expected ':', found " + current());
            pos++;
            skipWhitespace();
            if (map.containsKey(key)) {
                pos = keyPos;
                throw error("duplicate key '" + key + "'");
            }
            map.put(key, value(depth));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}', found " + current());
            }
        }
    }

    private Object tuple(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipWhitespace();
            if (peek() == ')') {
                pos++;
                // "(x)" is just x in Python; "()" and "(x,)" are tuples.
                return items.size() == 1 && !sawComma ? items.get(0) : new Tuple(List.copyOf(items));
            }
            items.add(value(depth));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                sawComma = true;
            } else if (peek() != ')') {
                throw error("expected ',' or ')', found " + current());
            }
        }
    }

    private List<Object> list(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return items;
            }
            items.add(value(depth));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected ',' or ']', found " + current());
            }
        }
    }

    private String string() {
        int start = pos;
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\n' || c == '\r') {
                pos = start;
                throw error("unterminated string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '\\', '\'', '"' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                default -> {
                    pos -= 2;
                    throw error("unsupported escape '\\" + e + "' in string");
                }
            }
        }
    }

    private BigInteger integer() {
        int start = pos;
        if (peek() == '-' || peek() == '+') pos++;
        int digitsStart = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
        if (pos == digitsStart) throw error("expected a digit, found " + current());
        if (pos - digitsStart > 100) {
            pos = start;
            throw error("integer literal too long");
        }
        BigInteger v = new BigInteger(s.substring(start, pos));
        if (peek() == 'L' || peek() == 'l') pos++;   // Python 2 long suffix, still in old files
        if (peek() == '.' || peek() == 'e' || peek() == 'E' || peek() == 'x' || peek() == 'j' || peek() == '_') {
            throw error("only decimal integers are supported, found " + current());
        }
        return v;
    }

    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private String current() {
        if (pos >= s.length()) return "end of header";
        char c = s.charAt(pos);
        return c < 0x20 || c > 0x7E ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message, pos);
    }
}
