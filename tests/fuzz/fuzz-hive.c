/* fuzz-hive: fuzz target for the code that walks hives read from the guest.
 *
 * Each input is a hive file.  It is written to a memfd and opened with hive-read (through regf,
 * the lazy reader every guest hive is read with), then walked by everything that reads a guest
 * hive:
 *   inspect_hives()    identity, control set, storage controllers, virtio drivers, clock,
 *                      blockers and every NIC (network/), with the input as SYSTEM and SOFTWARE;
 *   plan_facts_read()  what convert gathers for a viostor-like package, with the input as
 *                      SYSTEM, DRIVERS and SOFTWARE;
 *   verify_walk()      the boot walk of the four virtio controllers, as Windows 7 (the
 *                      CriticalDeviceDatabase) and as Windows 10 (the DriverDatabase), every
 *                      driver file present; and the virtio NIC's walk as both (the input as
 *                      SYSTEM, DRIVERS and SOFTWARE; every folder empty, every file a short
 *                      first-boot payload).
 * Nothing may crash, leak, read out of bounds or take long; every error must have an exit code
 * and name the hive ("... SYSTEM hive ..." or "... SOFTWARE hive ..."), or be one of the
 * walkers' own messages about a missing or malformed key, which name the key.
 *
 * Seeds (corpus-hive/): hives built by images/mkhive and hivexregedit --merge from the .reg
 * files of the tests, and small subtrees of the fixture hives; see corpus-hive/README.
 * With clang, `make -C tests fuzz-hive` builds it with -fsanitize=fuzzer,address,undefined and
 * runs it on a copy of corpus-hive/ (FUZZ_SECONDS, default 60).  `make check` replays the corpus
 * through fuzz-replay.c's main(), so every build runs it.
 */
#define _GNU_SOURCE
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ws-error.h"
#include "hive-read.h"
#include "inspect.h"
#include "inf.h"
#include "plan.h"
#include "plan-facts.h"
#include "verify.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A package like viostor's: one boot-start miniport in a load-order group, with hardware IDs. */
static const char package_inf[] =
  "[Version]\n"
  "Signature=\"$Windows NT$\"\n"
  "Class=SCSIAdapter\n"
  "ClassGUID={4D36E97B-E325-11CE-BFC1-08002BE10318}\n"
  "Provider=%P%\n"
  "DriverVer=01/02/2023,100.92.104.22900\n"
  "CatalogFile=viostor.cat\n"
  "[SourceDisksNames]\n"
  "1 = %P%,,,\"\"\n"
  "[SourceDisksFiles]\n"
  "viostor.sys = 1,,\n"
  "[DestinationDirs]\n"
  "DefaultDestDir = 12\n"
  "[Manufacturer]\n"
  "%P% = M,NTamd64\n"
  "[M.NTamd64]\n"
  "%Dev% = inst, PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00, PCI\\VEN_1AF4&DEV_1001\n"
  "%Dev% = inst, PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01, PCI\\VEN_1AF4&DEV_1042\n"
  "[inst]\n"
  "CopyFiles = Files\n"
  "[Files]\n"
  "viostor.sys\n"
  "[inst.HW]\n"
  "AddReg = hw_reg\n"
  "[hw_reg]\n"
  "HKR, Interrupt Management\\MessageSignaledInterruptProperties, MSISupported, 0x00010001, 1\n"
  "[inst.Services]\n"
  "AddService = viostor, 2, svc\n"
  "[svc]\n"
  "ServiceType = 1\n"
  "StartType = 0\n"
  "ErrorControl = 1\n"
  "ServiceBinary = %12%\\viostor.sys\n"
  "LoadOrderGroup = SCSI miniport\n"
  "[Strings]\n"
  "P = \"Red Hat, Inc.\"\n"
  "Dev = \"Red Hat VirtIO SCSI controller\"\n";

/* An error must carry an exit code and say where it is. */
static void
check_error (const char *stage, const GError *err)
{
  if (err == NULL || err->domain != WS_ERROR || err->code <= 0 || err->code > 255 ||
      !(strstr (err->message, " hive") || strstr (err->message, "'"))) {
    fprintf (stderr, "fuzz-hive: %s: badly formed error: %s\n", stage, err ? err->message : "(none)");
    abort ();
  }
}

static int64_t
every_file_present (void *opaque, const char *path, GError **error)
{
  (void) opaque, (void) path, (void) error;
  return 65536;
}

/* The payload's "done" mark absent, so that the walk reads the payload. */
static int64_t
every_file_but_done (void *opaque, const char *path, GError **error)
{
  (void) opaque, (void) error;
  return g_str_has_suffix (path, "/done") ? -1 : 65536;
}

static char *
every_file_a_payload (void *opaque, const char *path, size_t max, size_t *len, GError **error)
{
  static const char payload[] = "netsh interface ip set address name=x static 192.168.1.123 255.255.255.0\r\n";
  (void) opaque, (void) path, (void) error;
  *len = MIN (max, sizeof payload - 1);
  return g_strndup (payload, *len);
}

static char **
every_folder_empty (void *opaque, const char *dir, GError **error)
{
  (void) opaque, (void) dir, (void) error;
  return g_new0 (char *, 1);
}

static void
run_inspect (hive_reader *h)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (ws_windows) w = ws_windows_new ();
  if (!inspect_hives (w, h, h, &err))
    check_error ("inspect_hives", err);
}

static void
run_plan_facts (hive_reader *h)
{
  static struct inf_file *inf;
  static struct inf_driver *drv;
  if (inf == NULL) {
    struct ws_target t;
    if (!ws_target_parse ("w10/amd64", &t, NULL) ||
        !(inf = inf_file_parse ((const uint8_t *) package_inf, sizeof package_inf - 1, "viostor.inf", NULL, NULL)) ||
        !(drv = inf_driver_new (inf, &t, NULL)))
      abort ();
  }
  struct plan_package pkg = { .drv = drv, .inf = inf, .inf_name = "viostor.inf", .dir = "",
                              .hash = "0123456789abcdef" };
  g_autoptr (GError) err = NULL;
  g_autoptr (plan_facts) f = plan_facts_new ();
  if (!plan_facts_read (f, h, h, h, &pkg, 1, &err))
    check_error ("plan_facts_read", err);
}

static void
run_verify (hive_reader *h, int major, int minor)
{
  size_t n;
  const struct verify_device *devices = verify_virtio_devices (&n);
  struct verify_guest g = { .system = h, .drivers = major >= 10 ? h : NULL, .major = major,
                            .minor = minor, .systemroot = "/Windows", .drive_letter = "C",
                            .files = { .size = every_file_present } };
  g_autoptr (GError) err = NULL;
  g_autoptr (verify_result) r = verify_walk (&g, devices, n, &err);
  if (r == NULL)
    check_error ("verify_walk", err);
}

static void
run_verify_net (hive_reader *h, int major, int minor)
{
  size_t n;
  const struct verify_device *devices = verify_virtio_net_devices (&n);
  struct verify_guest g = { .system = h, .drivers = h, .software = h, .major = major, .minor = minor,
                            .build = 7601, .arch = "x86", .systemroot = "/Windows", .drive_letter = "C",
                            .files = { .size = every_file_but_done, .read = every_file_a_payload,
                                       .list = every_folder_empty } };
  g_autoptr (GError) err = NULL;
  g_autoptr (verify_result) r = verify_walk (&g, devices, n, &err);
  if (r == NULL)
    check_error ("verify_walk (virtio-net)", err);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int fd = memfd_create ("fuzz-hive", MFD_CLOEXEC);
  if (fd < 0 || write (fd, data, size) != (ssize_t) size) {
    perror ("fuzz-hive: memfd");
    abort ();
  }
  g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autoptr (GError) err = NULL;
  hive_reader *h = hive_reader_open (path, "SYSTEM", &err);
  if (h == NULL) {
    check_error ("hive_reader_open", err);
  } else {
    run_inspect (h);
    run_plan_facts (h);
    run_verify (h, 6, 1);
    run_verify (h, 10, 0);
    run_verify_net (h, 6, 1);
    run_verify_net (h, 10, 0);
    hive_reader_free (h);
  }
  close (fd);
  return 0;
}
