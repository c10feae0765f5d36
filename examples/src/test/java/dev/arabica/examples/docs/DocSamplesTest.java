package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of {@code README.md} and {@code docs/*.md} appears verbatim, up to a
 * uniform indentation, in the project's test sources ({@code <module>/src/test/java}), where a test
 * compiles and runs it. So a sample in the documentation cannot drift from working code.
 *
 * <p>Rules: every fence names its language ({@code java}, {@code xml}, {@code bash}, {@code text},
 * ...), so that no Java hides in an untagged block. A {@code java} block is exempt only when the line
 * above it (blank lines aside) is {@code <!-- not-compiled: reason -->} with a reason.
 */
class DocSamplesTest {
    static final Pattern FENCE = Pattern.compile("^(\\s*)```(.*)$");
    static final Pattern NOT_COMPILED = Pattern.compile("^\\s*<!--\\s*not-compiled:\\s*(\\S.*?)\\s*-->\\s*$");

    /** A fenced block: the markdown file and line of its opening fence, its language and its lines. */
    record Block(String file, int line, String language, boolean exempt, List<String> lines) {
        String where() {
            return file + ":" + line;
        }
    }

    /** A source file's lines, right-trimmed. */
    record Source(String name, List<String> lines) {}

    @TestFactory
    Stream<DynamicTest> everyJavaBlockIsInTheTestSources() {
        Path root = projectRoot();
        List<Source> sources = testSources(root);
        assertFalse(sources.isEmpty(), "no test sources found under " + root);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path md : markdownFiles(root)) {
            for (Block b : blocks(root.relativize(md).toString(), read(md))) {
                if (!b.language().equals("java") || b.exempt()) continue;
                tests.add(DynamicTest.dynamicTest(b.where(), () -> {
                    String miss = findIn(b.lines(), sources);
                    if (miss != null) fail(b.where() + ": this java block is not in any src/test/java file (" + miss + "):\n"
                            + String.join("\n", b.lines()));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everyFenceNamesItsLanguageAndExemptionsGiveAReason() {
        Path root = projectRoot();
        Map<String, Integer> javaBlocks = new TreeMap<>();
        for (Path md : markdownFiles(root)) {
            String name = root.relativize(md).toString();
            List<Block> blocks = blocks(name, read(md));
            for (Block b : blocks) {
                assertFalse(b.language().isEmpty(), b.where() + ": a fence without a language; write ```java, ```xml, ```bash or ```text");
            }
            javaBlocks.put(name, (int) blocks.stream().filter(b -> b.language().equals("java") && !b.exempt()).count());
        }
        // The pages that teach the API must hold checked samples (a parser that finds nothing would pass everything).
        for (String page : List.of("README.md", "docs/user-guide.md", "docs/core.md", "docs/nn.md", "docs/optim.md", "docs/cnn.md",
                "docs/rnn.md", "docs/adding-an-op.md")) {
            assertTrue(javaBlocks.getOrDefault(page, 0) > 0, page + " has no checked java block: " + javaBlocks);
        }
    }

    // ------------------------------------------------------------------ the checker's own tests

    @Test
    void aBlockMatchesAtAnyUniformIndentationOnly() {
        List<Source> src = List.of(new Source("A.java", List.of("class A {", "    void f() {", "        int x = 1;", "",
                "        if (x > 0) {", "            x++;", "        }", "    }", "}")));
        assertNull(findIn(List.of("int x = 1;", "", "if (x > 0) {", "    x++;", "}"), src));
        assertNull(findIn(List.of("void f() {", "    int x = 1;"), src));
        String miss = findIn(List.of("int x = 1;", "if (x > 0) {"), src); // a blank line is part of the text
        assertTrue(miss != null && miss.contains("1 of 2 lines"), miss);
        assertTrue(findIn(List.of("if (x > 0) {", "x++;"), src) != null, "indentation inside the block counts");
        assertTrue(findIn(List.of("int y = 1;"), src) != null);
    }

    @Test
    void blocksAreParsedWithTheirLanguageAndExemption() {
        String md = String.join("\n", "# T", "```java", "int a;", "", "```", "text", "<!-- not-compiled: Maven XML -->", "",
                "```java", "<x/>", "```", "- item", "  ```bash", "  ls", "  ```", "```", "plain", "```");
        List<Block> blocks = blocks("t.md", md);
        assertEquals(4, blocks.size());
        assertEquals(new Block("t.md", 2, "java", false, List.of("int a;")), blocks.get(0));
        assertTrue(blocks.get(1).exempt());
        assertEquals(new Block("t.md", 13, "bash", false, List.of("ls")), blocks.get(2));
        assertEquals("", blocks.get(3).language());
        assertThrows(AssertionError.class, () -> blocks("u.md", "```java\nint a;\n"));
        assertFalse(blocks("v.md", "<!-- not-compiled: -->\n```java\nint a;\n```").get(0).exempt(), "an exemption needs a reason");
    }

    // ------------------------------------------------------------------ parsing and matching

    /** The fenced blocks of a markdown text, lines dedented by the fence's indentation, blank lines at both ends dropped. */
    static List<Block> blocks(String file, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) continue;
            int indent = open.group(1).length();
            String language = open.group(2).strip();
            int previous = i - 1;
            while (previous >= 0 && lines.get(previous).isBlank()) previous--;
            boolean exempt = previous >= 0 && NOT_COMPILED.matcher(lines.get(previous)).matches();
            List<String> body = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                String line = lines.get(j).stripTrailing();
                body.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line.strip());
            }
            if (j == lines.size()) throw new AssertionError(file + ":" + (i + 1) + ": unclosed fence");
            while (!body.isEmpty() && body.get(0).isBlank()) body.remove(0);
            while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) body.remove(body.size() - 1);
            out.add(new Block(file, i + 1, language, exempt, List.copyOf(body)));
            i = j;
        }
        return out;
    }

    /**
     * Null if {@code block} occurs as consecutive lines of one source, each source line being the block's
     * line with the same added indentation (blank lines match blank lines); otherwise where it came closest.
     */
    static String findIn(List<String> block, List<Source> sources) {
        if (block.isEmpty()) return "the block is empty";
        String best = "no line matches the first line";
        int bestLength = 0;
        String first = block.get(0).stripLeading();
        int firstIndent = block.get(0).length() - first.length();
        for (Source s : sources) {
            List<String> lines = s.lines();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int pad = line.length() - line.stripLeading().length() - firstIndent;
                if (pad < 0 || !line.stripLeading().equals(first)) continue;
                String prefix = line.substring(0, pad);
                int k = 0;
                while (k < block.size() && i + k < lines.size() && sameLine(block.get(k), prefix, lines.get(i + k))) k++;
                if (k == block.size()) return null;
                if (k > bestLength) {
                    bestLength = k;
                    best = "at best " + k + " of " + block.size() + " lines match, " + s.name() + ":" + (i + 1) + "; then the source has '"
                            + (i + k < lines.size() ? lines.get(i + k).strip() : "<end of file>") + "'";
                }
            }
        }
        return best;
    }

    private static boolean sameLine(String blockLine, String prefix, String sourceLine) {
        return blockLine.isBlank() ? sourceLine.isBlank() : sourceLine.equals(prefix + blockLine);
    }

    // ------------------------------------------------------------------ files

    /** The project root (Surefire runs in the module directory). */
    static Path projectRoot() {
        for (Path p : new Path[] {Path.of(".."), Path.of(".")}) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) return p.toAbsolutePath().normalize();
        }
        throw new AssertionError("project root (README.md and docs/) not found from " + Path.of("").toAbsolutePath());
    }

    static List<Path> markdownFiles(Path root) {
        List<Path> out = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every {@code <module>/src/test/java/**.java} file of the project. */
    static List<Source> testSources(Path root) {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) continue;
                try (Stream<Path> files = Files.walk(tests)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        out.add(new Source(root.relativize(f).toString(), read(f).lines().map(String::stripTrailing).toList()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
