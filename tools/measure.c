/*
 * measure.c — runs a command and reports its wall time, CPU time and peak
 * resident memory, for the benchmark (bench/run.sh).
 *
 *   measure [-n RUNS] [-o OUT] -- COMMAND [ARGS...]
 *
 * Prints one line per run: "wall_s cpu_s maxrss_kb exit_status"; the
 * command's standard output goes to OUT (default /dev/null).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int runs = 1, i = 1;
    const char *out = "/dev/null";
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: measure [-n RUNS] [-o OUT] -- COMMAND [ARGS...]\n");
        return 2;
    }
    char **cmd = argv + i + 1;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int null = open("/dev/null", O_WRONLY);
            if (fd >= 0)
                dup2(fd, 1);
            if (null >= 0)
                dup2(null, 2);
            execvp(cmd[0], cmd);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
            perror("measure");
            return 2;
        }
        double wall = now() - t0;
        double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
        printf("%.6f %.6f %ld %d\n", wall, cpu, ru.ru_maxrss,
               WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    return 0;
}
