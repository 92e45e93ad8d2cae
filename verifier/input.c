// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

#define CHUNK	(256u << 10)

int input_open(struct input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->name = path;
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
		return 0;
	}
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	return in->fd < 0 ? -1 : 0;
}

void input_from_mem(struct input *in, const uint8_t *buf, size_t len)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->name = "memory";
	in->buf = (uint8_t *)buf;
	in->len = len;
	in->eof = 1;
}

void input_close(struct input *in)
{
	if (in->fd >= 0) {
		if (in->fd != STDIN_FILENO)
			close(in->fd);
		free(in->buf);
	}
	in->fd = -1;
	in->buf = NULL;
}

/* Room for n unread bytes plus a chunk: move them to the front, grow. */
static int make_room(struct input *in, size_t n)
{
	size_t want = n + CHUNK, unread = in->len - in->pos;
	uint8_t *b;

	if (in->pos) {
		memmove(in->buf, in->buf + in->pos, unread);
		in->base += in->pos;
		in->len = unread;
		in->pos = 0;
	}
	if (want <= in->cap)
		return 0;
	b = realloc(in->buf, want);
	if (!b)
		return -1;
	in->buf = b;
	in->cap = want;
	return 0;
}

size_t input_peek(struct input *in, size_t n, const uint8_t **p)
{
	while (in->len - in->pos < n && !in->eof && !in->err) {
		ssize_t got;

		if (in->cap - in->len < CHUNK && make_room(in, n)) {
			in->err = ENOMEM;
			break;
		}
		got = read(in->fd, in->buf + in->len, in->cap - in->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			in->err = errno;
		else if (got == 0)
			in->eof = 1;
		else
			in->len += got;
	}
	*p = in->buf + in->pos;
	return in->len - in->pos < n ? in->len - in->pos : n;
}

void input_skip(struct input *in, size_t n)
{
	in->pos += n;
}
