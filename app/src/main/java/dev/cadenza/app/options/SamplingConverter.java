package dev.cadenza.app.options;

import dev.cadenza.runtime.generate.Sampling;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a sampling setting with the one parser, {@link Sampling#parse}, for every option that takes one. */
public final class SamplingConverter implements ITypeConverter<Sampling> {
    @Override
    public Sampling convert(String value) {
        try {
            return Sampling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
