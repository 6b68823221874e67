package dev.cadenza.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.generate.StepModel;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.onnx.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.trainer.Checkpoint;
import dev.cadenza.trainer.Dl4jStepModel;
import dev.cadenza.trainer.RunFolder;

/** Opens each benchmarked backend behind the one {@link StepModel} interface. */
final class Backends {
    /** A backend that cannot run here, with the reason shown in the report. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private Backends() {
    }

    static StepModel open(String name, Path model, Path portable, Path run, int threads) throws Unavailable {
        try {
            switch (name) {
                case "ort-cpu":
                    return OnnxStepModel.open(model, OnnxOptions.of(Device.CPU, threads));
                case "ort-cuda":
                    return OnnxStepModel.open(model, OnnxOptions.of(Device.CUDA, threads));
                case "dl4j":
                    if (run == null) throw new Unavailable("needs --run RUN_DIR (the training run of this model)");
                    RunFolder folder = RunFolder.open(run);
                    Checkpoint which = folder.hasCheckpoint(Checkpoint.BEST) ? Checkpoint.BEST : Checkpoint.LAST;
                    return new Dl4jStepModel(folder.loadNetwork(which), folder.shape());
                case "samediff":
                    Path file = portable != null ? portable : portableBeside(model);
                    if (!Files.exists(file)) {
                        throw new Unavailable("no portable model at " + file + " (export with --variant both)");
                    }
                    return SameDiffBackend.open(file);
                default:
                    throw new Unavailable("unknown backend (known: ort-cpu, ort-cuda, dl4j, samediff)");
            }
        } catch (ModelFileException e) {
            throw new Unavailable(e.getMessage());
        } catch (java.io.IOException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    static Path portableBeside(Path model) {
        String n = model.getFileName().toString();
        String stem = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        return model.resolveSibling(stem + ".portable.onnx");
    }
}
