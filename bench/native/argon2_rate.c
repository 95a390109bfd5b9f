/*
 * The hash limit of this machine: how many Argon2id hashes per second libargon2 computes
 * in-process with one thread per core, at the given cost. No JVM, no HTTP, no queue: the ceiling
 * a password grant served by this machine cannot beat.
 *
 *   argon2_rate rate MEMORY_KIB ITERATIONS PARALLELISM THREADS SECONDS
 *       prints "hashes=N seconds=S rate=R ms_per_hash=M cpu_seconds=C per_cpu_second=H"
 *   argon2_rate encode MEMORY_KIB ITERATIONS PARALLELISM PASSWORD
 *       prints the PHC string of PASSWORD with a random salt
 */
#include <argon2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static unsigned m_cost, t_cost, lanes;
static double seconds;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct worker { long hashes; double busy; int id; };

static void *run(void *arg) {
    struct worker *w = arg;
    unsigned char salt[16], out[32];
    char password[32];
    memset(salt, w->id, sizeof salt);
    double start = now();
    while (now() - start < seconds) {
        snprintf(password, sizeof password, "password-%d-%ld", w->id, w->hashes);
        if (argon2id_hash_raw(t_cost, m_cost, lanes, password, strlen(password), salt, sizeof salt, out,
                sizeof out) != ARGON2_OK) {
            fprintf(stderr, "argon2id_hash_raw failed\n");
            exit(1);
        }
        w->hashes++;
    }
    w->busy = now() - start;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "encode") == 0) {
        unsigned char salt[16];
        FILE *random = fopen("/dev/urandom", "rb");
        if (!random || fread(salt, 1, sizeof salt, random) != sizeof salt) { perror("urandom"); return 1; }
        fclose(random);
        char encoded[256];
        int rc = argon2id_hash_encoded(atoi(argv[3]), atoi(argv[2]), atoi(argv[4]), argv[5], strlen(argv[5]),
                salt, sizeof salt, 32, encoded, sizeof encoded);
        if (rc != ARGON2_OK) { fprintf(stderr, "%s\n", argon2_error_message(rc)); return 1; }
        puts(encoded);
        return 0;
    }
    if (argc != 7 || strcmp(argv[1], "rate") != 0) {
        fprintf(stderr, "usage: %s rate M_KIB T P THREADS SECONDS | encode M_KIB T P PASSWORD\n", argv[0]);
        return 2;
    }
    m_cost = atoi(argv[2]); t_cost = atoi(argv[3]); lanes = atoi(argv[4]);
    int threads = atoi(argv[5]);
    seconds = atof(argv[6]);
    pthread_t ids[256];
    struct worker workers[256];
    if (threads < 1 || threads > 256) return 2;
    for (int i = 0; i < threads; i++) {
        workers[i] = (struct worker){0, 0, i};
        pthread_create(&ids[i], NULL, run, &workers[i]);
    }
    long hashes = 0;
    double busy = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
        hashes += workers[i].hashes;
        busy += workers[i].busy;
    }
    double wall = busy / threads;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec
            + usage.ru_stime.tv_usec / 1e6;
    /* per_cpu_second: hashes per second of CPU this process got, whatever else ran beside it */
    printf("hashes=%ld seconds=%.2f rate=%.2f ms_per_hash=%.2f cpu_seconds=%.2f per_cpu_second=%.2f\n", hashes,
            wall, hashes / wall, 1000.0 * busy / hashes, cpu, hashes / cpu);
    return 0;
}
