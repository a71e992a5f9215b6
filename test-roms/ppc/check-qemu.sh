#!/bin/sh
# check-qemu.sh - run the PowerPC test ROMs on qemu-system-ppc and check their output against
# expected.txt.
#
#   ./check-qemu.sh [ROM ...]      (default: every *.elf here; ROM names end in -g3beige or -ppce500)
#
# A ROM named NAME-g3beige runs as  qemu-system-ppc -M g3beige -bios NAME-g3beige.elf -nographic,
# NAME-ppce500 as  qemu-system-ppc -M ppce500 -cpu e500mc -bios NAME-ppce500.elf -nographic -no-reboot.
# expected.txt holds lines "ROM: LINE": every LINE listed for a ROM must appear (as a whole line) in its
# serial output. A ROM also fails if it prints a line starting with "FAIL" or "UNEXPECTED", or if QEMU does
# not exit by itself (with status 0) within the timeout: the ROMs end the run, the ppce500 ones with a reset
# request (RSTCR) under -no-reboot, the g3beige ones with the CUDA's power-down command.
QEMU=${QEMU:-qemu-system-ppc}
TIMEOUT=${TIMEOUT:-60}
cd "$(dirname "$0")" || exit 2
[ $# -gt 0 ] || set -- $(ls *.elf | sed 's/\.elf$//')
failed=0
for rom in "$@"; do
    case "$rom" in
        *-g3beige) args="-M g3beige" ;;
        *-ppce500) args="-M ppce500 -cpu e500mc -no-reboot" ;;
        *) echo "FAIL  $rom: unknown board (name must end in -g3beige or -ppce500)"; failed=1; continue ;;
    esac
    out=$(mktemp)
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" "$QEMU" $args -m 256 -bios "$rom.elf" -nographic -monitor none < /dev/null > "$out.raw" 2>&1
    rc=$?
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
    status=ok
    # timeout(1) exits with 124 when QEMU had to be killed
    [ $rc -eq 0 ] || status="qemu exit status $rc"
    tr -d '\r' < "$out.raw" > "$out"
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
    if [ "$status" = ok ]; then
        printf 'ok    %-22s %6ss\n' "$rom" "$secs"
    else
        printf 'FAIL  %-22s %6ss  %s\n' "$rom" "$secs" "$status"
        sed 's/^/      | /' "$out"
        failed=1
    fi
    rm -f "$out" "$out.raw" "$out.exp"
done
exit $failed
