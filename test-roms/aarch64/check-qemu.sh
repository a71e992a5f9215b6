#!/bin/sh
# check-qemu.sh - run test ROMs on qemu-system-aarch64 (-M virt) and check
# their output against expected.txt.
#
#   ./check-qemu.sh [ROM ...]      (default: every *.bin in this directory)
#
# expected.txt holds lines "ROM: LINE": every LINE listed for a ROM must
# appear in that ROM's UART output.  A ROM also fails if it prints a line
# starting with "FAIL" or "UNEXPECTED", or if QEMU does not exit by itself
# (PSCI SYSTEM_OFF) within the timeout.  If ROM.input exists it is sent to
# the UART as keyboard input; if ROM.machine exists it is the -M value
# (default virt).
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-60}
cd "$(dirname "$0")" || exit 2
[ $# -gt 0 ] || set -- $(ls *.bin | sed 's/\.bin$//')
failed=0
for rom in "$@"; do
    out=$(mktemp)
    input=/dev/null
    [ -f "$rom.input" ] && input="$rom.input"
    start=$(date +%s%N)
    machine=virt
    [ -f "$rom.machine" ] && machine=$(cat "$rom.machine")
    timeout "$TIMEOUT" "$QEMU" -M "$machine" -cpu cortex-a57 -m 256 -nographic \
        -bios "$rom.bin" < "$input" > "$out.raw" 2>&1
    rc=$?
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
    tr -d '\r' < "$out.raw" > "$out"
    status=ok
    if ! grep -q "^$rom: " expected.txt; then
        status="no expected lines for $rom in expected.txt"
    fi
    if grep -q '^FAIL\|^UNEXPECTED' "$out"; then
        status="failure reported"
    fi
    grep "^$rom: " expected.txt | sed "s/^$rom: //" > "$out.exp"
    while IFS= read -r line; do
        if ! grep -qxF -- "$line" "$out"; then
            status="missing line: $line"
            break
        fi
    done < "$out.exp"
    # timeout(1) exits with 124 when QEMU had to be killed
    if [ $rc -ne 0 ]; then
        status="qemu exit status $rc"
    fi
    if [ "$status" = ok ]; then
        printf 'ok    %-18s %6ss\n' "$rom" "$secs"
    else
        printf 'FAIL  %-18s %6ss  %s\n' "$rom" "$secs" "$status"
        sed 's/^/      | /' "$out"
        failed=1
    fi
    rm -f "$out" "$out.raw" "$out.exp"
done
exit $failed
