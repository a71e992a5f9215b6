/*
 * poweroff.c - prints one line and ends the run at once (g3beige: CUDA power-down; ppce500: RSTCR under
 * -no-reboot). The benchmark runner (bench/ GuestBench) times it for qemu-system-ppc's start-up and shutdown.
 */
#include "lib.h"
#include "ppc.h"

volatile struct exc_info exc_info;

void unexpected_exception(void)
{
    board_exit(1);
}

int main(void)
{
    board_init();
    puts("poweroff (");
    puts(board_name);
    puts(")\n");
    board_exit(0);
}
