// The jar that carries libsysfault.so, sysfault-supervisor and sysfault-exec (META-INF/native): a module with no packages, named so
// that it can sit on a module path (the name a tool would derive from the jar, sysfault.interceptor.native, is not
// a legal one) and the launcher can require it, which makes its resources visible there.
module dev.sysfault.interceptor {
}
