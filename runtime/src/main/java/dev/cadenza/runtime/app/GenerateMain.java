package dev.cadenza.runtime.app;

import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.onnx.OrtNativeCache;
import picocli.CommandLine;

/**
 * Entry point of the standalone runtime jar ({@code java -jar cadenza-runtime-standalone.jar --help}): generation
 * alone, with no Deeplearning4j anywhere on the classpath.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) {
        OrtNativeCache.install(); // before ONNX Runtime's first use: its natives from ~/.cache, not a fresh temp copy
        CommandLine cl = new CommandLine(new GenerateCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean user = ex instanceof ModelFileException || ex instanceof MidiFileException
                    || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException;
            cmd.getErr().println((user ? "error: " : "internal error: ") + ex.getMessage());
            if ("1".equals(System.getenv("CADENZA_DEBUG"))) ex.printStackTrace(cmd.getErr());
            return user ? 1 : 70;
        });
        int code = cl.execute(args);
        cl.getOut().flush(); // nothing buffered may be lost to System.exit
        cl.getErr().flush();
        System.exit(code);
    }
}
