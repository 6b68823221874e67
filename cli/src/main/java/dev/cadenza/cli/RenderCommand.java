package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.cadenza.runtime.audio.WavRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        header = "Render a MIDI file to WAV with the JDK synthesizer.",
        description = "Render a MIDI file to a WAV file with the JDK's own software synthesizer, faster than real "
                + "time. Uses a General MIDI SoundFont when one is given or installed (Debian: fluid-soundfont-gm), "
                + "otherwise the JDK's built-in sounds.")
final class RenderCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "The MIDI file to render.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.wav",
            description = "Where to write the audio (44.1 kHz, 16-bit stereo WAV). Default: IN with .wav instead of .mid.")
    Path output;

    @Option(names = "--soundfont", paramLabel = "FILE.sf2",
            description = "A SoundFont (.sf2) or DLS file with the instrument sounds. Default: $CADENZA_SOUNDFONT, "
                    + "else one installed in the usual folders (Debian: apt-get install fluid-soundfont-gm), else the "
                    + "JDK's sounds.")
    Path soundfont;

    @Option(names = "--force", description = "Replace OUT.wav if it exists (the input file itself is never replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = output != null ? output : withExtension(input, ".wav");
        OutputGuard.check(input, target, force);
        long start = System.nanoTime();
        WavRenderer.Rendered r = WavRenderer.render(input, target, Optional.ofNullable(soundfont));
        double took = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf("%s: %.1f s of audio written to %s in %.1f s (sounds: %s)%n", input,
                r.seconds(), target, took, r.sounds());
        return 0;
    }

    /** {@code dir/name.mid} becomes {@code dir/name.EXT}. */
    static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + extension);
    }
}
