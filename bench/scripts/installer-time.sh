#!/usr/bin/env bash
# Time for Debian 12's arm64 (or armhf) netboot installer to reach "Select a language", jemu vs qemu-system-aarch64
# (qemu-system-arm).
#
# Usage: [ARCH=armhf] bench/scripts/installer-time.sh [jemu|qemu|both]   (default both; one run each, jemu first)
#
# For each emulator it prints the process's CPU time (user + sys, all threads, read from /proc/PID/stat
# when the prompt appears) and the wall time from launch. On a shared machine compare CPU time: wall
# time depends on the load. It also prints the CPU time at the kernel's "Run /init" line (the end of the kernel's
# boot), for runs too slow to wait for under load. Needs the debian-installer-12-netboot-$ARCH package, qemu-system-arm and a
# built jemu (the launcher builds it on first use; run it once before timing so the build and the AOT
# cache are not counted). JEMU_JAVA_OPTS passes extra JVM options, as with ./jemu.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
arch=${ARCH:-arm64}
case "$arch" in
  arm64) D=/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64; kernel=linux; cpu=cortex-a57
         qemu=qemu-system-aarch64 ;;
  armhf) D=/usr/lib/debian-installer/images/12/armhf/text/debian-installer/armhf; kernel=vmlinuz; cpu=cortex-a15
         qemu=qemu-system-arm ;;
  *) echo "installer-time: ARCH must be arm64 or armhf" >&2; exit 1 ;;
esac
[ -f "$D/$kernel" ] || { echo "installer-time: $D/$kernel missing (apt-get install debian-installer-12-netboot-$arch)" >&2; exit 1; }
args=(-M virt -cpu "$cpu" -m 1024 -kernel "$D/$kernel" -initrd "$D/initrd.gz" -append console=ttyAMA0 -nographic)
tck=$(getconf CLK_TCK)

measure() { # LABEL CMD...: runs CMD until the prompt, prints the figures
  local label=$1 out pid start ut st now init=""
  shift
  out="$(mktemp)"
  start=$(date +%s%N)
  "$@" </dev/null >"$out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$init" ] && grep -q "Run /init" "$out"; then
      init=1
      read -r ut st < <(awk '{print $14, $15}' "/proc/$pid/stat")
      awk -v l="$label" -v u="$ut" -v s="$st" -v t="$tck" -v w="$(($(date +%s%N) - start))" \
        'BEGIN { printf "%-5s at Run /init: cpu %6.1f s  wall %6.1f s\n", l, (u+s)/t, w/1e9 }'
    fi
    if grep -q "Select a language" "$out"; then
      now=$(date +%s%N)
      read -r ut st < <(awk '{print $14, $15}' "/proc/$pid/stat")
      kill "$pid"; wait "$pid" 2>/dev/null || true
      awk -v l="$label" -v u="$ut" -v s="$st" -v t="$tck" -v w="$((now - start))" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
        'BEGIN { printf "%-5s cpu %6.1f s (user %.1f, sys %.1f)  wall %6.1f s  load %s\n", l, (u+s)/t, u/t, s/t, w/1e9, load }'
      rm -f "$out"
      return 0
    fi
    sleep 0.5
  done
  echo "installer-time: $label exited before the prompt; last lines:" >&2
  tail -n 5 "$out" >&2
  rm -f "$out"
  return 1
}

what=${1:-both}
if [ "$what" = jemu ] || [ "$what" = both ]; then
  # ./jemu ends in exec, so $! is the JVM itself.
  measure jemu "$here/jemu" run "${args[@]}"
fi
if [ "$what" = qemu ] || [ "$what" = both ]; then
  measure qemu "$qemu" "${args[@]}"
fi
