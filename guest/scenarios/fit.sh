# fit: strict mode with no headroom and nothing measured between load and
# execute: the fit check must agree with what the list serializes to, so
# kexec -e goes ahead and carries everything. Run it with a custom template,
# --cmdline 'ima_template_fmt=d-ng|n-ng|d-modsig': its records have an empty
# template name and are serialized with their format string, which v1 left
# out of the list's size (600 records, ikx.pre=600, are ~11 KiB short). The
# format must not be a builtin template's: the next kernel would restore the
# records under that template's name, and the list would change size.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	if has_series; then
		say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb 0)"
		say "ima.kexec_require_complete=$(ima_param kexec_require_complete 1)"
	fi
	kexec_load_next
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files=0
	kexec_exec
}
