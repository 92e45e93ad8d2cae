# attest: the carry scenario with TPM quotes, as an operator's verifier sees
# it. Hop 1 enrolls an attestation key (created under the EK, made persistent
# so the next kernel quotes with the same key); every report then carries a
# quote of PCR 10 over a nonce the host sends on request, taken right after
# the snapshot.
AK_HANDLE=0x81010002

setup_ak() {
	if [ "$IKX_HOP" = 1 ]; then
		tpm2_createek -c /tmp/ek.ctx -G rsa -u /tmp/ek.pub >/dev/null || fail "tpm2_createek"
		tpm2_createak -C /tmp/ek.ctx -c /tmp/ak.ctx -G rsa -g sha256 -s rsassa \
			-u /tmp/ak.pem -f pem -n /tmp/ak.name >/dev/null || fail "tpm2_createak"
		tpm2_evictcontrol -C o -c /tmp/ak.ctx "$AK_HANDLE" >/dev/null || fail "tpm2_evictcontrol"
	fi
	# Run readpublic and quote once so that the tool and its libraries are
	# measured now, not between a snapshot and its quote.
	tpm2_readpublic -c "$AK_HANDLE" -f pem -o /tmp/ak.pem >/dev/null || fail "tpm2_readpublic of the AK"
	tpm2_quote -c "$AK_HANDLE" -l sha256:10 -q 00 -g sha256 -m /tmp/q.msg -s /tmp/q.sig >/dev/null ||
		fail "tpm2_quote"
}

# Called by report() right after the snapshot. Reads no new regular file, so
# nothing it runs is measured between the snapshot and the quote; false when
# something else was (report() then snapshots again).
report_hook() {
	local dir=$1 nonce
	ask_nonce
	nonce=$NONCE
	case $nonce in '' | *[!0-9a-f]*) fail "bad nonce '$nonce'" ;; esac
	echo "$nonce" >"$dir/quote.nonce"
	tpm2_readpublic -c "$AK_HANDLE" -f pem -o "$dir/ak.pem" >/dev/null || fail "tpm2_readpublic of the AK"
	tpm2_quote -c "$AK_HANDLE" -l sha256:10 -q "$nonce" -g sha256 \
		-m "$dir/quote.msg" -s "$dir/quote.sig" -o "$dir/quote.pcrs" >"$dir/quote.txt" 2>&1 && return 0
	# tpm2_quote reads the PCRs again after the quote: something else was
	# measured in between, so report() takes another snapshot.
	grep -q "PCR values failed to match" "$dir/quote.txt" && return 1
	fail "tpm2_quote: $(tr "\n" " " <"$dir/quote.txt")"
}

scenario_main() {
	setup_ak
	report boot
	if [ "$IKX_HOP" -ge "$IKX_HOPS" ]; then
		finish
	fi
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
