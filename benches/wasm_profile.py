"""Where a quote's Wasm instructions go, function by function: wasmtime fuel, as
benches/fuel.py counts it, attributed to the function running.

    cargo install wasm-tools        # once; `wasm-tools` must be on PATH
    CARGO_PROFILE_RELEASE_STRIP=none cargo build --release --example wasi_quote \
        --target wasm32-wasip1      # keeps the function names
    python3 benches/wasm_profile.py target/wasm32-wasip1/release/examples/wasi_quote.wasm \
        target/bench-inputs lines-200 [--until parse|quote | --prepared] [--top N] \
        [--focus NAME]

The module is printed as text (`wasm-tools print`), a call to an imported probe is put at
the start of every function, after every call and at the head of every loop, and the
module is assembled again. Each probe reads the fuel used so far: what was used since the
previous probe counts for the function of that probe, so a function's figure is its own
instructions, whatever it calls counting for the callee. A run that only compiles the
program and reads the request text (`--compile-only`) is subtracted, as in fuel.py. The
probes' own instructions (two per probe) are left out. With `--prepared`, one prepared
quote is counted: a run quoting the prepared customer twice less one quoting it once.
`--focus NAME` also probes every block of the functions whose names hold NAME, and
counts their instructions by the line of the printed module each block starts at.
"""

import argparse
import collections
import os
import re
import subprocess
import tempfile

from wasmtime import (Config, Engine, ExitTrap, FuncType, Linker, Module, Store, ValType,
                      WasiConfig)

FUEL = 2**63 - 1
PROBE_COST = 2  # i32.const and call


def instrument(wasm, workdir, focus=None):
    """The instrumented module's path and, per probe, the name of its function. In a
    function whose name contains `focus`, every block, branch and block end is probed
    too, and its probes are named by their line of the printed module."""
    text = subprocess.run(["wasm-tools", "print", "--name-unnamed", wasm], check=True,
                          capture_output=True, text=True).stdout.split("\n")
    last_import = max(i for i, line in enumerate(text) if line.lstrip().startswith("(import "))
    out, owners, function = [], [], None

    def probe(indent, line=None):
        out.append(f"{indent}i32.const {len(owners)}")
        out.append(f"{indent}call $__probe")
        owners.append(function if line is None else f"{function} line {line + 1}")

    i = 0
    while i < len(text):
        line = text[i]
        out.append(line)
        if i == last_import:
            out.append('  (import "profile" "probe" (func $__probe (param i32)))')
        header = re.match(r"  \(func (\$\S+)", line)
        if header:
            function = header.group(1)
            if line.count("(") > line.count(")"):  # a body follows
                while text[i + 1].lstrip().startswith("(local"):
                    i += 1
                    out.append(text[i])
                probe("    ")
        else:
            stripped = line.lstrip()
            focused = focus is not None and function is not None and focus in function
            indent = line[: len(line) - len(stripped)]
            if function and stripped.startswith(("call ", "call_indirect", "loop")):
                probe(indent, i if focused else None)
            elif focused and re.match(r"(block|if|else|end)\b", stripped):
                probe(indent + ("  " if not stripped.startswith("end") else ""), i)
        i += 1
    source = os.path.join(workdir, "instrumented.wat")
    target = os.path.join(workdir, "instrumented.wasm")
    with open(source, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    subprocess.run(["wasm-tools", "parse", source, "-o", target], check=True)
    return target, owners


def fuel_by_function(engine, module, owners, input_dir, case, flags):
    linker = Linker(engine)
    linker.define_wasi()
    store = Store(engine)
    used = collections.Counter()
    last = [None, 0]

    def on_probe(probe):
        now = FUEL - store.get_fuel()
        if last[0] is not None:
            used[owners[last[0]]] += now - last[1] - PROBE_COST
        last[0], last[1] = probe, now

    linker.define_func("profile", "probe", FuncType([ValType.i32()], []), on_probe)
    wasi = WasiConfig()
    wasi.argv = ["wasi_quote", f"/in/{case}-program.json", *flags]
    wasi.preopen_dir(input_dir, "/in")
    wasi.stdin_file = os.path.join(input_dir, f"{case}-request.json")
    wasi.stdout_file = os.devnull
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    store.set_fuel(FUEL)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
    except ExitTrap as e:
        if e.code != 0:
            raise SystemExit(f"wasm_profile: {case} exited with status {e.code}") from e
    return used


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wasm")
    parser.add_argument("input_dir")
    parser.add_argument("case")
    parser.add_argument("--until", choices=["parse", "quote"])
    parser.add_argument("--prepared", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--focus", help="also count the blocks of the functions whose "
                        "names contain this, by line of `wasm-tools print --name-unnamed`")
    args = parser.parse_args()
    flags = (["--until", args.until] if args.until else []) + (["--prepared"] if args.prepared else [])
    with tempfile.TemporaryDirectory() as workdir:
        instrumented, owners = instrument(args.wasm, workdir, args.focus)
        config = Config()
        config.consume_fuel = True
        engine = Engine(config)
        module = Module.from_file(engine, instrumented)
        # One prepared quote is two quotes of a prepared customer less one, so the
        # preparation (and the program's compilation) cancel out; any other run less one
        # that only compiles the program and reads the request.
        base_flags, full_flags = ((flags + ["--repeat", "1"], flags + ["--repeat", "2"])
                                  if args.prepared else (["--compile-only"], flags))
        base, full = (fuel_by_function(engine, module, owners, args.input_dir, args.case, f)
                      for f in (base_flags, full_flags))
    quote = collections.Counter({name: full[name] - base.get(name, 0) for name in full})
    total = sum(quote.values())
    print(f"{args.case}: {total:,} instructions")
    for name, n in quote.most_common(args.top):
        # Rust's legacy mangling ends in a hash: dropped for reading.
        name = re.sub(r"17h[0-9a-f]{16}E$", "", name)
        print(f"{n:>12,} {100 * n / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    main()
