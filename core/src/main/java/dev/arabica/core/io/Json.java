package dev.arabica.core.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict JSON (RFC 8259) reader and compact writer, for file headers (safetensors,
 * checkpoint manifests). No dependencies, no reflection, no data binding.
 *
 * <p>Value mapping, both ways: object = {@code Map<String, Object>} ({@link LinkedHashMap} in
 * document order when parsing), array = {@code List<Object>}, string = {@link String}, number =
 * {@link Long} when it is written without fraction or exponent and fits, {@link Double}
 * otherwise, {@code true}/{@code false} = {@link Boolean}, {@code null} = Java {@code null}.
 */
public final class Json {
    /** Deepest nesting of arrays and objects accepted by {@link #parse}: keeps hostile input from overflowing the stack. */
    public static final int MAX_DEPTH = 512;

    private Json() {}

    /**
     * Parses one JSON value; surrounding whitespace is allowed, anything else after it is not.
     * Strict: no comments, no trailing commas, no single quotes, no NaN/Infinity, no leading zeros,
     * no unescaped control characters, no unpaired surrogate escapes, no duplicate object keys,
     * no numbers outside the double range.
     *
     * @throws JsonException with the character offset of the first problem
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw new JsonException("unexpected " + p.describeCurrent() + " after the JSON value", p.pos);
        }
        return value;
    }

    /**
     * Writes {@code value} as compact JSON (no whitespace). Accepts {@code Map} with {@code String}
     * keys (written in iteration order), {@code List}, {@code String}, {@code Boolean}, {@code null},
     * integral {@code Number}s ({@code Long}, {@code Integer}, {@code Short}, {@code Byte},
     * {@code BigInteger}), finite {@code Double}/{@code Float}/{@code BigDecimal}, {@code int[]} and
     * {@code long[]}. Strings escape {@code "}, {@code \} and control characters only, as
     * serde_json does; other characters are written as they are (the caller encodes to UTF-8).
     *
     * @throws IllegalArgumentException for other types, non-String keys, NaN or infinite numbers,
     *         unpaired surrogates, or nesting deeper than {@link #MAX_DEPTH}
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + " (cyclic structure?)");
        }
        switch (value) {
            case null -> sb.append("null");
            case String s -> writeString(sb, s);
            case Boolean b -> sb.append(b.booleanValue());
            case Long l -> sb.append(l.longValue());
            case Integer i -> sb.append(i.intValue());
            case Short s -> sb.append(s.shortValue());
            case Byte b -> sb.append(b.byteValue());
            case BigInteger b -> sb.append(b);
            case Double d -> sb.append(finite(d, d));
            case Float f -> sb.append(finite(f.doubleValue(), f));
            case BigDecimal b -> sb.append(b);
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(a[i]);
                }
                sb.append(']');
            }
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(a[i]);
                }
                sb.append(']');
            }
            case List<?> list -> {
                sb.append('[');
                boolean first = true;
                for (Object item : list) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, item, depth + 1);
                }
                sb.append(']');
            }
            case Map<?, ?> map -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                    }
                    if (!first) sb.append(',');
                    first = false;
                    writeString(sb, key);
                    sb.append(':');
                    write(sb, e.getValue(), depth + 1);
                }
                sb.append('}');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static String finite(double d, Object original) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + original);
        }
        return original.toString();   // Java's shortest repr, e.g. 0.1, 1.0E-5: valid JSON numbers
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("unpaired surrogate U+"
                                + Integer.toHexString(c).toUpperCase() + " at index " + i + " of a string");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Recursive descent over the string; recursion depth is bounded by {@link #MAX_DEPTH}. */
    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (pos >= s.length()) throw new JsonException("unexpected end of input, expected a value", pos);
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw new JsonException("unexpected " + describeCurrent() + ", expected a value", pos);
                }
            };
        }

        Map<String, Object> object(int depth) {
            checkDepth(depth);
            int start = pos;
            pos++;   // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') throw new JsonException("expected a string key, found " + describeCurrent(), pos);
                int keyPos = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object v = value(depth);
                if (map.containsKey(key)) {
                    throw new JsonException("duplicate key \"" + key + "\" in the object starting at offset " + start, keyPos);
                }
                map.put(key, v);
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == '}') {
                    pos++;
                    return map;
                } else {
                    throw new JsonException("expected ',' or '}' in the object starting at offset " + start
                            + ", found " + describeCurrent(), pos);
                }
            }
        }

        List<Object> array(int depth) {
            checkDepth(depth);
            int start = pos;
            pos++;   // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return list;
                } else {
                    throw new JsonException("expected ',' or ']' in the array starting at offset " + start
                            + ", found " + describeCurrent(), pos);
                }
            }
        }

        void checkDepth(int depth) {
            if (depth > MAX_DEPTH) throw new JsonException("nesting deeper than " + MAX_DEPTH, pos);
        }

        String string() {
            int start = pos;
            pos++;   // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) throw new JsonException("unterminated string starting", start);
                char c = s.charAt(pos);
                if (c == '"') {
                    String result = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                }
                if (c < 0x20) {
                    throw new JsonException("unescaped control character U+" + String.format("%04X", (int) c)
                            + " in string", pos);
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) sb = new StringBuilder();
                sb.append(s, runStart, pos);
                int escapePos = pos;
                pos++;
                if (pos >= s.length()) throw new JsonException("unterminated string starting", start);
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        char u = hex4();
                        if (Character.isHighSurrogate(u)) {
                            if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                                pos += 2;
                                char low = hex4();
                                if (!Character.isLowSurrogate(low)) {
                                    throw new JsonException("high surrogate \\u" + hex(u)
                                            + " followed by \\u" + hex(low) + ", not a low surrogate", escapePos);
                                }
                                sb.append(u).append(low);
                            } else {
                                throw new JsonException("unpaired high surrogate \\u" + hex(u), escapePos);
                            }
                        } else if (Character.isLowSurrogate(u)) {
                            throw new JsonException("unpaired low surrogate \\u" + hex(u), escapePos);
                        } else {
                            sb.append(u);
                        }
                    }
                    default -> throw new JsonException("invalid escape '\\" + printable(e) + "'", escapePos);
                }
                runStart = pos;
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) throw new JsonException("truncated \\u escape", pos - 2);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') {   // Character.digit also accepts non-ASCII digits
                    throw new JsonException("invalid hex digit '" + printable(s.charAt(pos + i)) + "' in \\u escape", pos + i);
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private static String hex(char c) {
            return String.format("%04X", (int) c);
        }

        Object number() {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) throw new JsonException("leading zero in number", start);
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw new JsonException("expected a digit, found " + describeCurrent(), pos);
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) throw new JsonException("expected a digit after '.', found " + describeCurrent(), pos);
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw new JsonException("expected a digit in the exponent, found " + describeCurrent(), pos);
                while (isDigit(peek())) pos++;
            }
            String text = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooBig) {
                    // falls through to Double, like most JSON readers
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) throw new JsonException("number " + text + " is out of the double range", start);
            return d;
        }

        Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) throw new JsonException("unexpected " + describeCurrent() + ", expected a value", pos);
            pos += word.length();
            return value;
        }

        void expect(char c) {
            if (peek() != c) throw new JsonException("expected '" + c + "', found " + describeCurrent(), pos);
            pos++;
        }

        /** The current character, or -1 at the end. */
        int peek() {
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        String describeCurrent() {
            return pos >= s.length() ? "end of input" : "'" + printable(s.charAt(pos)) + "'";
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c);
        }
    }
}
