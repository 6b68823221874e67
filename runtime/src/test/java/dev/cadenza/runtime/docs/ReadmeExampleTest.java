package dev.cadenza.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;

/**
 * The README's "use it from Java" example, compiled and run as a user would: the README's first {@code java} block
 * becomes a source file, javac compiles it against the runtime's classpath, and a fresh JVM runs it in a folder that
 * holds the shipped model. It must write four readable MIDI files.
 */
class ReadmeExampleTest {
    static final Path README = Path.of("..", "README.md");
    static final Path MODEL = Path.of("..", "models", "default.onnx");

    @TempDir
    Path dir;

    static String javaBlock(String markdown) {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        if (!m.find()) throw new AssertionError(README + " has no ```java block");
        return m.group(1);
    }

    static String className(String source) {
        Matcher m = Pattern.compile("public class (\\w+)").matcher(source);
        if (!m.find()) throw new AssertionError("the README example declares no public class");
        return m.group(1);
    }

    @Test
    void theReadmeExampleCompilesAndWritesFourPieces() throws Exception {
        String source = javaBlock(Files.readString(README));
        String name = className(source);
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Path file = src.resolve(name + ".java");
        Files.writeString(file, source);

        // Surefire may hide the real classpath behind a manifest-only jar; it names it here.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", classpath, "-d", classes.toString(), "--release", "17", "-Xlint:all", "-Werror"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file.toFile())).call();
        assertTrue(compiled, "the README example does not compile:\n" + diagnostics);

        Path work = dir.resolve("work");
        Files.createDirectories(work.resolve("models"));
        Files.copy(MODEL, work.resolve("models").resolve("default.onnx"));
        Path log = dir.resolve("run.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + classpath, name)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the README example did not finish in 2 minutes");
        assertEquals(0, run.exitValue(), Files.readString(log));

        List<Path> pieces;
        try (Stream<Path> files = Files.list(work.resolve("out"))) {
            pieces = files.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(4, pieces.size(), pieces.toString());
        for (Path p : pieces) assertTrue(new MidiReader().read(p).notes().size() > 0, p + " has no notes");
    }
}
