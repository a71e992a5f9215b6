#!/bin/sh
# check-qemu.sh - run the x86 test ROMs on qemu-system-i386 (-M pc) and check
# their output against expected.txt.
#
#   ./check-qemu.sh [ROM ...]      (default: every *.bin in this directory)
#
# Each ROM runs as
#   qemu-system-i386 -M pc -m 128 -bios ROM.bin -display none -serial stdio \
#     -chardev file,id=dbg,path=DEBUGCON -device isa-debugcon,iobase=0x402,chardev=dbg \
#     -device isa-debug-exit,iobase=0x501,iosize=2
# (QEMU_CPU=MODEL adds -cpu MODEL, e.g. QEMU_CPU=pentium2 ./check-qemu.sh mmx.)
# (QEMU's "-debugcon stdio" cannot share stdio with the serial port under
# -nographic, and it puts the console at port 0xE9; the ROMs use 0x402.)
# Both the COM1 output and the debug console output must contain every line
# expected.txt lists for the ROM ("ROM: LINE"), neither may hold a line that
# starts with "FAIL" or "UNEXPECTED", and QEMU must exit through
# isa-debug-exit with status 1 (the ROM wrote 0) within the timeout.
QEMU=${QEMU:-qemu-system-i386}
TIMEOUT=${TIMEOUT:-120}
cd "$(dirname "$0")" || exit 2
[ $# -gt 0 ] || set -- $(ls *.bin | sed 's/\.bin$//')
failed=0
for rom in "$@"; do
    out=$(mktemp)
    dbg=$(mktemp)
    start=$(date +%s%N)
    timeout "$TIMEOUT" "$QEMU" -M pc ${QEMU_CPU:+-cpu "$QEMU_CPU"} -m 128 -bios "$rom.bin" -display none -serial stdio \
        -chardev file,id=dbg,path="$dbg" -device isa-debugcon,iobase=0x402,chardev=dbg \
        -device isa-debug-exit,iobase=0x501,iosize=2 < /dev/null > "$out.raw" 2>&1
    rc=$?
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
    tr -d '\r' < "$out.raw" > "$out"
    status=ok
    if ! grep -q "^$rom: " expected.txt; then
        status="no expected lines for $rom in expected.txt"
    fi
    for f in "$out" "$dbg"; do
        if grep -q '^FAIL\|^UNEXPECTED' "$f"; then
            status="failure reported"
        fi
    done
    grep "^$rom: " expected.txt | sed "s/^$rom: //" > "$out.exp"
    while IFS= read -r line; do
        if ! grep -qxF -- "$line" "$out"; then
            status="missing line on COM1: $line"
            break
        fi
        if ! grep -qxF -- "$line" "$dbg"; then
            status="missing line on the debug console: $line"
            break
        fi
    done < "$out.exp"
    # isa-debug-exit: status (0 << 1) | 1 = 1; timeout(1) exits with 124
    if [ $rc -ne 1 ]; then
        status="qemu exit status $rc (expected 1 from isa-debug-exit)"
    fi
    if [ "$status" = ok ]; then
        printf 'ok    %-18s %6ss\n' "$rom" "$secs"
    else
        printf 'FAIL  %-18s %6ss  %s\n' "$rom" "$secs" "$status"
        sed 's/^/      | /' "$out"
        failed=1
    fi
    rm -f "$out" "$out.raw" "$out.exp" "$dbg"
done
exit $failed
