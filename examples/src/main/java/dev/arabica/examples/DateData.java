package dev.arabica.examples;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.TensorDataset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The date-translation data of the course's "neural machine translation with attention" notebook,
 * generated in code: a random date between 1970-01-01 and 2029-12-31 written in one of the
 * notebook's human formats (its {@code babel} patterns in English, lower-cased, commas removed:
 * "3 may 1979", "may 30 2001", "tuesday july 10 2007", "5/30/01", "03.05.01", ...; the notebook's
 * list repeats the full format, so about 40% of the dates have a weekday), plus two more
 * ("tuesday 10 july 2007" and "09/30/72"), and its ISO form {@code YYYY-MM-DD}. Two-digit years are
 * unambiguous in that range (70-99 are 19xx, 00-29 are 20xx). (The notebook's {@code YYY} is
 * babel's week-based year, which is wrong for a few days around New Year; here it is the calendar
 * year.)
 *
 * <p>Encoding as in the notebook: the human date as {@link #TX} = 30 indices into
 * {@link #HUMAN_CHARS} plus {@code <unk>} and {@code <pad>} (truncated or padded with
 * {@code <pad>}), the ISO date as 10 indices into {@link #MACHINE_CHARS}.
 */
final class DateData {
    static final int TX = 30, TY = 10;
    static final String HUMAN_CHARS = " ./0123456789abcdefghijklmnopqrstuvwxyz";
    static final String MACHINE_CHARS = "-0123456789";
    static final int UNK = HUMAN_CHARS.length(), PAD = HUMAN_CHARS.length() + 1, HUMAN_VOCAB = HUMAN_CHARS.length() + 2;
    static final int MACHINE_VOCAB = MACHINE_CHARS.length();

    private static final LocalDate FIRST = LocalDate.of(1970, 1, 1), LAST = LocalDate.of(2029, 12, 31);

    /** The notebook's FORMATS ("short", "medium", "long", "full" x 10, and its explicit patterns) and two more. */
    private static final List<DateTimeFormatter> FORMATS = formats(
            "M/d/yy", "MMM d, yyyy", "MMMM d, yyyy",
            "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy",
            "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy", "EEEE, MMMM d, yyyy",
            "d MMM yyyy", "d MMMM yyyy", "dd MMM yyyy", "d MMM, yyyy", "d MMMM, yyyy", "dd, MMM yyyy", "d MM yy", "d MMMM yyyy",
            "MMMM d yyyy", "MMMM d, yyyy", "dd.MM.yy",
            "EEEE d MMMM yyyy", "MM/dd/yy");

    private DateData() {}

    private static List<DateTimeFormatter> formats(String... patterns) {
        List<DateTimeFormatter> list = new ArrayList<>();
        for (String p : patterns) list.add(DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
        return list;
    }

    /** A human-readable date and its ISO form. */
    record Pair(String human, String iso) {}

    /** One random pair: a uniform date in a uniform format. */
    static Pair random(Generator gen) {
        LocalDate date = FIRST.plusDays(gen.nextInt((int) (LAST.toEpochDay() - FIRST.toEpochDay() + 1)));
        String human = date.format(FORMATS.get(gen.nextInt(FORMATS.size()))).toLowerCase(Locale.ROOT).replace(",", "");
        return new Pair(human, date.toString());
    }

    /** {@code n} pairs from {@code gen}, skipping human forms in {@code exclude} (a held-out set excludes the training set's). */
    static List<Pair> generate(int n, Generator gen, Set<String> exclude) {
        List<Pair> pairs = new ArrayList<>(n);
        int tries = 0;
        while (pairs.size() < n) {
            if (++tries > 100L * n + 1000) throw new IllegalStateException("dates: cannot draw " + n + " dates outside the excluded set");
            Pair p = random(gen);
            if (exclude.contains(p.human())) continue;
            pairs.add(p);
        }
        return pairs;
    }

    /** Human forms of {@code pairs}. */
    static Set<String> humans(List<Pair> pairs) {
        Set<String> set = new HashSet<>();
        for (Pair p : pairs) set.add(p.human());
        return set;
    }

    /** The {@link #TX} input indices of a human date (lower-cased, commas removed; unknown characters become {@code <unk>}). */
    static long[] encodeHuman(String text) {
        String s = text.toLowerCase(Locale.ROOT).replace(",", "");
        long[] out = new long[TX];
        for (int i = 0; i < TX; i++) {
            if (i >= s.length()) {
                out[i] = PAD;
            } else {
                int k = HUMAN_CHARS.indexOf(s.charAt(i));
                out[i] = k < 0 ? UNK : k;
            }
        }
        return out;
    }

    /** The input tokens as characters for display ({@code <pad>} as an empty string, {@code <unk>} as "?"). */
    static String[] humanTokens(long[] encoded) {
        String[] out = new String[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            int k = (int) encoded[i];
            out[i] = k == PAD ? "" : k == UNK ? "?" : String.valueOf(HUMAN_CHARS.charAt(k));
        }
        return out;
    }

    static String decodeMachine(long[] indices) {
        StringBuilder sb = new StringBuilder();
        for (long k : indices) sb.append(MACHINE_CHARS.charAt((int) k));
        return sb.toString();
    }

    /** Inputs int64 {@code [n, TX]}, targets int64 {@code [n, TY]}. */
    static TensorDataset dataset(List<Pair> pairs) {
        int n = pairs.size();
        long[] x = new long[n * TX], y = new long[n * TY];
        for (int i = 0; i < n; i++) {
            System.arraycopy(encodeHuman(pairs.get(i).human()), 0, x, i * TX, TX);
            String iso = pairs.get(i).iso();
            for (int t = 0; t < TY; t++) y[i * TY + t] = MACHINE_CHARS.indexOf(iso.charAt(t));
        }
        return new TensorDataset(Tensor.wrapLongs(x, n, TX), Tensor.wrapLongs(y, n, TY));
    }
}
