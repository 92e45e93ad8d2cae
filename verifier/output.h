/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_OUTPUT_H
#define IMALOG_OUTPUT_H

#include <stdio.h>

#include "report.h"

void print_human(FILE *out, const struct ima_log *log,
		 const struct report *rep);
void print_json(FILE *out, const struct ima_log *log,
		const struct report *rep);

#endif
