/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_REPLAY_H
#define IMALOG_REPLAY_H

#include "report.h"

/*
 * Replay every record into every bank of rep->banks, check the stored
 * sha1 template digests, and compare each PCR named in the log with the
 * TPM value. Findings go to rep.
 */
void replay(const struct ima_log *log, struct report *rep);

#endif
