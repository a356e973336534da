"""The trust boundary.

``wire``     data-only framing shared by both sides (JSON header + .npy buffers)
``fnlib``    named functions the parent can hand to student code (f, grad_fn)
``child_main`` the loop that runs inside the sandbox and calls student code
``isolation`` how a child is confined (bubblewrap, rlimits, scrubbed env, uid)
``process``  the parent's handle on one child: start, call, time out, restart
"""
