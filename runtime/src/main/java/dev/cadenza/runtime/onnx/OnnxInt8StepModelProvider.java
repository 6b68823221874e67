package dev.cadenza.runtime.onnx;

import dev.cadenza.runtime.generate.Device;
import java.nio.file.Path;
import java.util.Set;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModelProvider;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelVariant;

/**
 * {@code ort-cpu-int8}: the int8 variant of a model ({@code NAME.int8.onnx}, written by {@code export --variant
 * int8}) on ONNX Runtime's CPU provider. Given the float model {@code NAME.onnx}, it opens the int8 file beside it,
 * so a benchmark or a server names one model and picks the precision by backend name. CPU only: the quantised
 * operators ({@code DynamicQuantizeLSTM}, {@code DynamicQuantizeMatMul}) are ONNX Runtime CPU kernels.
 */
public final class OnnxInt8StepModelProvider implements StepModelProvider {
    public static final String NAME = "ort-cpu-int8";

    @Override
    public Set<String> names() {
        return Set.of(NAME);
    }

    @Override
    public OnnxStepModel open(BackendSpec spec) throws ModelFileException {
        Path file = int8Beside(spec.file());
        if (!java.nio.file.Files.exists(file)) {
            throw new ModelFileException(file, "no int8 model beside " + spec.file().getFileName()
                    + " (make one with: cadenza export " + spec.file() + " --variant int8)");
        }
        OnnxStepModel model = OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, spec.threads()));
        if (model.metadata().variant() != ModelVariant.INT8) {
            ModelVariant variant = model.metadata().variant();
            model.close();
            throw new ModelFileException(file, "is the " + variant + " variant, not int8");
        }
        return model;
    }

    /** {@code NAME.onnx -> NAME.int8.onnx}; a file already named {@code .int8.onnx} is itself. */
    public static Path int8Beside(Path model) {
        String name = model.getFileName().toString();
        if (name.endsWith(".int8.onnx")) return model;
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return model.resolveSibling(stem + ".int8.onnx");
    }
}
