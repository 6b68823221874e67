// The playground page: asks /v1/models what it may offer, sends /v1/generate, and shows each piece through the
// server's own renderers (/v1/render for audio, /v1/pianoroll for the picture). No framework and nothing from
// outside this server, so it works offline and from the jar.
"use strict";

const form = document.getElementById("settings");
const modelSelect = document.getElementById("model");
const keySelect = document.getElementById("key");
const styleSelect = document.getElementById("style");
const styleLabel = document.getElementById("styleLabel");
const button = document.getElementById("generate");
const statusLine = document.getElementById("status");
const piecesSection = document.getElementById("pieces");
let models = [];
let objectUrls = [];

function say(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.error || ("HTTP " + response.status);
  } catch (e) {
    return "HTTP " + response.status;
  }
}

// The chosen model's keys and styles (a model trained without key or style tokens has none to offer).
function showChoices() {
  const model = models.find(m => m.name === modelSelect.value);
  keySelect.replaceChildren(new Option("drawn per piece", ""));
  for (const key of (model && model.keys) || []) keySelect.add(new Option(key, key));
  keySelect.disabled = !model || !model.keys || model.keys.length === 0;
  const styles = (model && model.styles) || [];
  styleSelect.replaceChildren(new Option("any", ""));
  for (const style of styles) styleSelect.add(new Option(style, style));
  styleLabel.hidden = styles.length === 0;
}

async function loadModels() {
  const response = await fetch("/v1/models");
  if (!response.ok) throw new Error(await problem(response));
  const body = await response.json();
  models = body.models;
  for (const m of models) {
    modelSelect.add(new Option(m.name + " (" + m.layers + " x " + m.hidden + ", " + m.encoding + ")", m.name));
  }
  modelSelect.value = body.defaultModel;
  showChoices();
  button.disabled = false;
  say("Ready: " + models.length + (models.length === 1 ? " model." : " models."));
}

function number(id) {
  const text = document.getElementById(id).value.trim();
  return text === "" ? undefined : Number(text);
}

// What the pieces are called: the model, then the style and key when chosen ("default-chopin-A-minor"); the server
// adds the seed and the piece's number (default-chopin-A-minor-7-01), the name the download and the piano roll carry.
function piecePrefix() {
  const parts = [modelSelect.value];
  if (styleSelect.value) parts.push(styleSelect.value);
  if (keySelect.value) {
    const minor = keySelect.value.endsWith("m");
    const tonic = minor ? keySelect.value.slice(0, -1) : keySelect.value;
    parts.push(tonic.replace("#", "sharp") + (minor ? "-minor" : "-major"));
  }
  // Only what a file name may hold (letters, digits, '-', '_', '.'), as generate --name takes.
  return parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[-.]+/, "").slice(0, 64) || "piece";
}

function request() {
  const body = {
    name: piecePrefix(),
    model: modelSelect.value,
    seconds: number("seconds"),
    length: number("length"),
    temperature: number("temperature"),
    topP: number("topP"),
    seed: number("seed"),
    count: number("count")
  };
  // Decoding controls, sent only when set away from generate's defaults (1 beam, no-repeat and key strength off).
  if (number("beamSize") > 1) body.beamSize = number("beamSize");
  if (number("noRepeatNgram") > 0) body.noRepeatNgram = number("noRepeatNgram");
  if (number("keyStrength") > 0) body.keyStrength = number("keyStrength");
  if (keySelect.value) body.key = keySelect.value;
  if (styleSelect.value) body.style = styleSelect.value;
  return body;
}

function midiBytes(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

async function rendered(path, midi, name) {
  const response = await fetch(path + "?name=" + encodeURIComponent(name), { method: "POST", headers: { "Content-Type": "audio/midi" }, body: midi });
  if (!response.ok) throw new Error(path + ": " + await problem(response));
  const url = URL.createObjectURL(await response.blob());
  objectUrls.push(url);
  return url;
}

async function showPiece(piece, answer) {
  const card = document.createElement("article");
  card.className = "piece";
  card.dataset.name = piece.name;
  const title = document.createElement("h2");
  title.textContent = piece.name;
  const facts = document.createElement("p");
  facts.className = "facts";
  facts.textContent = piece.notes + " notes, " + piece.seconds + " s, " + piece.tokens + " tokens"
      + (piece.ended ? ", ended by the model" : "") + " · " + answer.sampling + " · seed " + answer.seed;
  const midi = midiBytes(piece.midi);
  const midiUrl = URL.createObjectURL(new Blob([midi], { type: "audio/midi" }));
  objectUrls.push(midiUrl);
  const download = document.createElement("a");
  download.href = midiUrl;
  download.download = piece.name + ".mid";
  download.textContent = "Download " + piece.name + ".mid";
  const audio = document.createElement("audio");
  audio.controls = true;
  audio.preload = "auto";
  const roll = document.createElement("div");
  roll.className = "roll";
  const image = document.createElement("img");
  image.alt = "piano roll of " + piece.name;
  roll.append(image);
  card.append(title, facts, audio, download, roll);
  piecesSection.append(card);
  const [audioUrl, rollUrl] = await Promise.all([rendered("/v1/render", midi, piece.name),
    rendered("/v1/pianoroll", midi, piece.name)]);
  audio.src = audioUrl;
  image.src = rollUrl;
}

async function generate(event) {
  event.preventDefault();
  button.disabled = true;
  for (const url of objectUrls) URL.revokeObjectURL(url);
  objectUrls = [];
  piecesSection.replaceChildren();
  say("Generating…");
  try {
    const response = await fetch("/v1/generate", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(request())
    });
    if (!response.ok) throw new Error(await problem(response));
    const answer = await response.json();
    say("Rendering " + answer.pieces.length + (answer.pieces.length === 1 ? " piece…" : " pieces…"));
    for (const piece of answer.pieces) await showPiece(piece, answer);
    say("Done in " + Math.round(answer.generateMillis) + " ms of generation (model " + answer.model + ").");
    document.body.dataset.generated = String(answer.pieces.length);
  } catch (e) {
    say(e.message, true);
  } finally {
    button.disabled = false;
  }
}

modelSelect.addEventListener("change", showChoices);
form.addEventListener("submit", generate);
loadModels().catch(e => say("Could not load the models: " + e.message, true));
