/* The control file (docs/control-file.md): how Java tells every process of a running program which rule table to follow. */
#ifndef SYSFAULT_CONTROL_FORMAT_H
#define SYSFAULT_CONTROL_FORMAT_H

/*
 * SYSFAULT_CONTROL names it; Java writes it, every process maps it read-only and shared.  Little-endian:
 *
 *   offset  size  field
 *        0     8  magic "SFCTRL\0\0"
 *        8     2  version (1)
 *       10     6  reserved, 0
 *       16     8  generation: 0 = the table SYSFAULT_RULES names (or none); N > 0 = the table in the
 *                 file "rules-N" (N in decimal) in the control file's directory
 *       24    40  reserved, 0
 *
 * Java writes table "rules-N" whole, then stores N with a release store; a process that sees a new
 * generation between two calls loads that table (checked, from a private copy) and follows it.
 */
#define CONTROL_MAGIC             "SFCTRL\0"
#define CONTROL_VERSION           1
#define CONTROL_VERSION_OFFSET    8
#define CONTROL_GENERATION_OFFSET 16
#define CONTROL_FILE_SIZE         64
#define CONTROL_TABLE_PREFIX      "rules-"

#endif
