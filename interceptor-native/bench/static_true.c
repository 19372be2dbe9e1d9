/* static_true: exits 0 at once; linked -static (bench.mk), the start-up that only sysfault-exec can put under rules. */
int
main(void)
{
	return 0;
}
