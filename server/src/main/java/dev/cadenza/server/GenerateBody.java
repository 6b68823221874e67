package dev.cadenza.server;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The JSON body of {@code POST /v1/generate}: the {@code generate} command's options. Every field may be left out
 * (the command's default applies); a field the server does not know is refused. Names other serving APIs use are
 * taken as aliases: {@code max_tokens} for {@code length}, {@code top_k} and {@code top_p}; every name the server
 * writes is camelCase.
 *
 * @param count          pieces to generate (1 .. the server's --max-batch; default 1)
 * @param length         most tokens to add to each piece, a hard cap behind {@code seconds} (default: as
 *                       {@code generate}, 4000, or the server's --max-length when lower)
 * @param temperature    below 1 safer, above 1 bolder (default 1.0)
 * @param topK           sample among the K likeliest tokens; 0 is off (default 0)
 * @param topP           sample among the likeliest tokens holding this probability; 1 is off (default 0.95)
 * @param greedy         always take the likeliest token (default false)
 * @param seed           random seed; the same seed and settings give the same pieces as {@code cadenza generate}
 * @param tempo          tempo of the MIDI written, in BPM (default: the model's)
 * @param primer         a MIDI file to continue, base64-encoded
 * @param name           prefix of the pieces' names, PREFIX-SEED-NN (default: the model file's name)
 * @param stream         answer as NDJSON events while the steps run (default false)
 * @param deadlineMillis give up (504) after this long, queue included (default and cap: the server's --deadline)
 * @param seconds        seconds of new music per piece: it stops at the first bar line after them (bars of the
 *                       primer's time signature, else 4/4), as
 *                       {@code generate --seconds} (default 60; 0: none, only {@code length} and the model's end)
 * @param key            start every piece in this key ("Am", "Eb", ...), as {@code generate --key}; only for models
 *                       trained with key tokens
 * @param bars           bars of new music per piece instead of {@code seconds}, as {@code generate --bars}
 * @param beamSize       beam search: beams kept per piece, as {@code generate --beam-size} (default 1: none)
 * @param branchFactor   beam search: continuations per beam and iteration, as {@code --branch-factor} (default 1)
 * @param stepsPerIteration beam search: tokens per iteration, as {@code --steps-per-iteration} (default 1)
 * @param noRepeatNgram  no token completes an n-gram of this size the piece already holds, as
 *                       {@code --no-repeat-ngram} (default 0: off)
 * @param keyStrength    logit bias against notes outside the piece's key, as {@code --key-strength} (default 0: off)
 * @param style          write every piece in this composer's style ("chopin", ...), as {@code generate --style}; only
 *                       for models trained with style tokens ({@code /v1/models} and {@code inspect} list them)
 * @param model          which of the server's models generates (default: the first; {@code GET /v1/models} lists them)
 */
public record GenerateBody(Integer count, @JsonAlias("max_tokens") Integer length, Double temperature,
                           @JsonAlias("top_k") Integer topK, @JsonAlias("top_p") Double topP,
                           Boolean greedy, Long seed, Double tempo, String primer, String name, Boolean stream,
                           Long deadlineMillis, Double seconds, String key, Integer bars, Integer beamSize,
                           Integer branchFactor, Integer stepsPerIteration, Integer noRepeatNgram, Double keyStrength,
                           String style, String model) {
}
