"""Running a student's code in a confined child process, for the plugin's --sandboxed and the
grader alike: the proxy the tests call (sandbox), the child it talks to (child), and the process
trees both sweep (processes). It imports nothing of the plugin, the checks or the grader."""
