package dev.cadenza.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Spark's openings on Java 17 are listed once, in {@code spark/java17.args} (a java argument file); the tests' JVM,
 * {@code ./cadenza spark}, {@code cadenza.cmd spark} and the local cluster script pass that file rather than a list
 * of their own, so an opening added there reaches every Spark JVM we start.
 */
class JavaOpeningsTest {
    private static final Path ARGS = Path.of("java17.args");

    @Test
    void everyOpeningOfTheOneListIsInForceInTheTestJvm() throws Exception {
        List<String> lines = Files.readAllLines(ARGS).stream().filter(l -> !l.isBlank()).toList();
        List<String> opens = lines.stream().filter(l -> l.startsWith("--add-opens=")).toList();
        assertTrue(opens.size() >= 10, "the list holds Spark's openings: " + lines);
        for (String line : opens) {
            String[] target = line.substring("--add-opens=".length()).split("[/=]"); // module/package=ALL-UNNAMED
            Module module = ModuleLayer.boot().findModule(target[0]).orElseThrow();
            assertTrue(module.isOpen(target[1], JavaOpeningsTest.class.getModule()),
                    line + " is not in force: surefire's argLine does not read " + ARGS);
        }
        assertEquals("false", System.getProperty("jdk.reflect.useDirectMethodHandle"), "the -D line is passed too");
    }

    @Test
    void theLaunchersAndTheClusterScriptPassTheFileInsteadOfAListOfTheirOwn() throws Exception {
        for (String launcher : List.of("cadenza", "cadenza.cmd", "spark/scripts/local-cluster.sh")) {
            String text = Files.readString(TestSpark.project(launcher));
            assertFalse(text.contains("--add-opens"), launcher + " keeps its own list of openings");
            assertTrue(text.contains("spark/java17.args") || text.contains("spark\\java17.args"),
                    launcher + " does not pass spark/java17.args");
        }
    }
}
