package dev.cadenza.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;

import dev.cadenza.app.UserError;
import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "play", mixinStandardHelpOptions = true,
        header = "Play a MIDI file through the default synthesizer.",
        description = "Play a MIDI file through the JDK's synthesizer on this machine's sound output. Where the "
                + "machine has no sound device, says so; use 'render' to get a WAV file instead.")
final class PlayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "The MIDI file to play.")
    Path input;

    @Option(names = "--soundfont", paramLabel = "FILE.sf2",
            description = "A SoundFont (.sf2) with the instrument sounds. Default: an installed General MIDI "
                    + "SoundFont if found, else the JDK's sounds.")
    Path soundfont;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Piece piece = new MidiReader().read(input); // one-line errors for bad files
        Sequence sequence = MidiSystem.getSequence(input.toFile());
        if (!hasSoundOutput()) {
            throw new UserError("no sound output on this machine (no audio device found); use 'cadenza render "
                    + input + "' to write a WAV file instead");
        }
        Synthesizer synth = MidiSystem.getSynthesizer();
        try {
            synth.open();
        } catch (MidiUnavailableException e) {
            throw new UserError("cannot open the sound output: " + e.getMessage() + "; use 'cadenza render " + input
                    + "' to write a WAV file instead");
        }
        try (Sequencer sequencer = MidiSystem.getSequencer(false)) {
            var font = soundfont != null ? java.util.Optional.of(soundfont) : WavRenderer.findSoundfont();
            if (font.isPresent()) {
                try {
                    synth.loadAllInstruments(MidiSystem.getSoundbank(font.get().toFile()));
                } catch (javax.sound.midi.InvalidMidiDataException e) {
                    throw new UserError(font.get() + ": not a SoundFont (" + e.getMessage() + ")");
                }
            }
            sequencer.open();
            sequencer.getTransmitter().setReceiver(synth.getReceiver());
            sequencer.setSequence(sequence);
            spec.commandLine().getOut().printf("playing %s (%.0f s)... press Ctrl-C to stop%n", input, piece.lengthSeconds());
            spec.commandLine().getOut().flush();
            sequencer.start();
            while (sequencer.isRunning()) Thread.sleep(100);
            Thread.sleep((long) (WavRenderer.TAIL_SECONDS * 1000)); // let the last notes ring out
        } finally {
            synth.close();
        }
        return 0;
    }

    /** Whether any mixer offers a line to play sampled audio on. */
    static boolean hasSoundOutput() {
        for (var info : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(info).isLineSupported(new javax.sound.sampled.Line.Info(SourceDataLine.class))) {
                return true;
            }
        }
        return false;
    }
}
