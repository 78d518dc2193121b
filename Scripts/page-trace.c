// Scripts/page-trace.c: loaded with LD_PRELOAD into a program whose executable's code pages are to be
// traced (docs/performance.md, "Code mapped a page at a time"). Before the program's own code runs,
// its executable segment is made inaccessible; the first touch of each page (an instruction fetch or
// a read) raises SIGSEGV, and the handler makes that page readable and executable again. At exit the
// executable segment's lines of /proc/self/maps show exactly the pages touched (r-xp) and the ones
// never touched (---p): page-exact, unlike the resident set, which the kernel's fault-around fills in
// 64 KB blocks. Written to $PAGE_TRACE_OUT, under a first line that says whether the handler was
// still ours at exit (a crash handler installed later would replace it, e.g. the Swift runtime's
// backtracer where it is enabled: SWIFT_BACKTRACE=enable=no keeps it off).
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uintptr_t text_start, text_end;
static long page_size;

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    if (address < text_start || address >= text_end) {  // a real fault: die of it
        signal(sig, SIG_DFL);
        return;
    }
    uintptr_t page = address & ~(uintptr_t)(page_size - 1);
    if (mprotect((void *)page, page_size, PROT_READ | PROT_EXEC) != 0) _exit(99);
}

static int find_text(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size; (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        text_start = (info->dlpi_addr + ph->p_vaddr) & ~(uintptr_t)(page_size - 1);
        text_end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page_size - 1) & ~(uintptr_t)(page_size - 1);
    }
    return 1;  // the first object is the main executable
}

__attribute__((constructor)) static void page_trace_start(void) {
    page_size = sysconf(_SC_PAGESIZE);
    dl_iterate_phdr(find_text, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART;
    sigaction(SIGSEGV, &action, NULL);
    if (mprotect((void *)text_start, text_end - text_start, PROT_NONE) != 0) perror("page-trace: mprotect");
}

__attribute__((destructor)) static void page_trace_stop(void) {
    const char *out = getenv("PAGE_TRACE_OUT");
    if (!out) return;
    struct sigaction current;
    sigaction(SIGSEGV, NULL, &current);
    FILE *file = fopen(out, "w");
    if (!file) return;
    fprintf(file, "# text %lx-%lx handler %s\n", (unsigned long)text_start, (unsigned long)text_end,
            current.sa_sigaction == on_fault ? "ours" : "REPLACED");
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[4096];
    while (maps && fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start >= text_start && end <= text_end) fputs(line, file);
    }
    if (maps) fclose(maps);
    fclose(file);
}
