/* hive-limits: how much one hive read from a guest may make winseed do.
 *
 * Hives come from guests and are hostile (docs/registry-and-hives.md#limits-on-hostile-hives): a
 * crafted one can hold a key with millions of subkeys or values, a key tree thousands of levels
 * deep, or a multi-string of millions of items, each of which would cost time or memory out of
 * all proportion to the facts we read.  Every walk over a guest hive goes through hive-read,
 * which enforces these limits; exceeding one is an error (exit 2) naming the hive, the key path
 * and the limit.  regf (regf.h) checks each record it reads; these bound how many it is asked
 * to read.
 *
 * Each limit is far above what a real hive needs of us, so that only a crafted hive reaches it.
 */
#ifndef WS_HIVE_LIMITS_H
#define WS_HIVE_LIMITS_H

/* Largest value read: the largest in the fixture hives is ~1 MiB. */
#define HIVE_MAX_VALUE_SIZE (16 * 1024 * 1024)

/* Subkeys of one key listed or searched (DriverDatabase\DeviceIds, the largest key we search,
 * holds thousands in a Windows 10 hive). */
#define HIVE_MAX_SUBKEYS 65536

/* Values of one key listed or searched (the keys we read hold tens). */
#define HIVE_MAX_VALUES 16384

/* Items of one multi-string (REG_MULTI_SZ): PendingFileRenameOperations rarely holds more than
 * a few thousand. */
#define HIVE_MAX_MULTI_ITEMS 65536

/* Components of a key path looked up, and of a path named in a message (the paths we look up
 * are at most 8 deep; PLAN_FACTS_MAX_DEPTH bounds the one recursive walk). */
#define HIVE_MAX_DEPTH 64

/* Key and value names read from one opened hive, over all its walks: the most any unit test
 * reads from a fixture hive is ~620,000 (planning on the Windows 10 SYSTEM hive).  It bounds the
 * time a hive can cost whatever its shape: a lookup scans its key's subkeys, so many lookups in
 * a key just under HIVE_MAX_SUBKEYS would add up. */
#define HIVE_MAX_NAMES_READ 10000000

#endif
