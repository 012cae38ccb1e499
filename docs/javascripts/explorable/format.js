// Numbers and names written exactly as bpbook.drawing writes them.

const TIES = /^50*$/;

// |x| rounded to `keep` digits of its exact decimal expansion, half to even (as numpy's
// Dragon4 and Python's round and "%g" do); returns [digits as BigInt, decimals].
function roundExact(x, sigDigits, atUnits) {
  const [ip, fp] = Math.abs(x).toFixed(100).split(".");
  const all = ip + fp;
  const first = all.search(/[1-9]/);
  const keep = atUnits ? ip.length : first + sigDigits;
  let kept = BigInt(all.slice(0, keep) || "0");
  const rest = all.slice(keep);
  if (rest[0] > "5" || (rest[0] === "5" && (!TIES.test(rest) || kept % 2n === 1n))) kept += 1n;
  return [kept, keep - ip.length, first - ip.length];
}

function positional(kept, decimals, negative) {
  let text = kept.toString();
  if (decimals <= 0) text += "0".repeat(-decimals);
  else {
    text = text.padStart(decimals + 1, "0");
    text = `${text.slice(0, -decimals)}.${text.slice(-decimals)}`.replace(/\.?0+$/, "");
  }
  return (negative && kept !== 0n ? "-" : "") + text;
}

const roundHalfEven = (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));

/** bpbook.drawing.format_number: whole numbers without decimals, else 3 significant digits. */
export function formatNumber(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const nearest = roundHalfEven(x);
  let text;
  if (Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x))) text = BigInt(nearest).toString();
  else if (Math.abs(x) >= 1000) text = positional(roundExact(x, 0, true)[0], 0, x < 0);
  else if (Math.abs(x) >= 1e-4) {
    const [kept, decimals] = roundExact(x, 3);
    text = positional(kept, decimals, x < 0);
  } else {
    let [kept, , lead] = roundExact(x, 3);
    let exponent = -lead - 1;
    if (kept >= 1000n) { kept /= 10n; exponent += 1; }
    if (exponent >= -4) return positional(kept, 2 - exponent, x < 0); // "%g" after rounding
    const digits = kept.toString().padStart(3, "0");
    const mantissa = `${digits[0]}.${digits.slice(1)}`.replace(/\.?0+$/, "");
    const e = Math.abs(exponent).toString().padStart(2, "0");
    text = `${x < 0 ? "-" : ""}${mantissa}e${exponent < 0 ? "-" : "+"}${e}`;
  }
  return text === "-0" ? "0" : text;
}

const POSITIONS = { 1: [""], 2: ["top", "bottom"], 3: ["top", "middle", "bottom"] };

/** bpbook.drawing._node_name: "bottom hidden node", "output node", "input node 4". */
export function nodeName(sizes, layer, node) {
  const last = sizes.length - 1;
  const kind = layer === 0 ? "input" : layer === last ? "output" : "hidden";
  const suffix = kind === "hidden" && last > 2 ? ` of layer ${layer}` : "";
  const positions = POSITIONS[sizes[layer]];
  if (positions) return `${positions[node]} ${kind} node${suffix}`.trim();
  return `${kind} node ${node + 1}${suffix}`;
}

export const sentence = (text) => text[0].toUpperCase() + text.slice(1);
