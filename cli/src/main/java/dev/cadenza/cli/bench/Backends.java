package dev.cadenza.cli.bench;

import java.io.IOException;
import java.nio.file.Path;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.generate.StepModels;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.generate.Device;

/** Opens each benchmarked backend through {@link StepModels}, giving each the file it reads. */
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
        Path file = model;
        if (name.equals("dl4j")) {
            if (run == null) throw new Unavailable("needs --run RUN_DIR (the training run of this model)");
            file = run;
        } else if (name.equals("samediff")) {
            file = portable != null ? portable : portableBeside(model);
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new Unavailable("needs the portable export " + file + " (SameDiff cannot import the LSTM operator): "
                        + "make it with 'cadenza export RUN_DIR --variant both', or pass --portable FILE");
            }
        }
        try {
            return StepModels.open(new BackendSpec(name, file, Device.AUTO, threads));
        } catch (ModelFileException | IOException | IllegalArgumentException e) {
            // The runtime's advice for generate's --device does not apply here: bench picks devices by backend name.
            throw new Unavailable(e.getMessage().replace(" (use --device cpu or auto)", ""));
        }
    }

    static Path portableBeside(Path model) {
        String n = model.getFileName().toString();
        String stem = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        return model.resolveSibling(stem + ".portable.onnx");
    }
}
