HXCOMM Dispatch table and reference text of the qapi-forge example VM,
HXCOMM written in the 2012 layout.  Lines between SQMP and EQMP form the
HXCOMM generated qmp-commands.txt; HXCOMM lines never reach any output.

SQMP
                      Example VM: QMP Command Reference
                      ---------------------------------

This file lists the commands the qapi-forge example virtual machine
accepts over QMP.  It is the 2012-style twin of the modern schema in
schema/*.json and describes exactly the same interface.

Examples are spread over several lines to be easier to read; on the wire
each message is a single line.  Arrows show who is talking:

-> message sent by the client
<- message sent by the server

The wire format itself (greeting, errors, asynchronous events) is
described in the QMP specification.

1. Regular Commands
===================

The replies below always show success.

EQMP

    {
        .name       = "qmp_capabilities",
        .args_type  = "enable:q?",
        .params     = "",
        .help       = "leave capability negotiation mode",
        .user_print = monitor_user_noop,
        .mhandler.cmd_new = qmp_marshal_input_qmp_capabilities,
    },

SQMP
qmp_capabilities
----------------

Leave capability negotiation mode.  The server refuses every other
command until a client has sent this one.

Arguments:

- "enable": protocol features to switch on, each one offered in the
            greeting (json-array of json-string, optional)

Example:

-> { "execute": "qmp_capabilities", "arguments": { "enable": [ "oob" ] } }
<- { "return": {} }

EQMP

    {
        .name       = "stop",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_stop,
    },

SQMP
stop
----

Pause every virtual CPU.  The guest keeps its state.

Arguments: None.

Example:

-> { "execute": "stop" }
<- { "return": {} }

EQMP

    {
        .name       = "cont",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_cont,
    },

SQMP
cont
----

Let a paused guest run again.

Arguments: None.

Example:

-> { "execute": "cont" }
<- { "return": {} }

EQMP

    {
        .name       = "system_powerdown",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_system_powerdown,
    },

SQMP
system_powerdown
----------------

Press the virtual power button; the guest decides what happens next.

Arguments: None.

Example:

-> { "execute": "system_powerdown" }
<- { "return": {} }

EQMP

    {
        .name       = "quit",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_quit,
    },

SQMP
quit
----

Make the server exit at once.

Arguments: None.

Example:

-> { "execute": "quit" }
<- { "return": {} }

EQMP

    {
        .name       = "balloon",
        .args_type  = "value:M",
        .params     = "target",
        .help       = "ask the guest to change its memory size",
        .user_print = monitor_user_noop,
        .mhandler.cmd_async = do_balloon,
        .flags      = MONITOR_CMD_ASYNC,
    },

SQMP
balloon
-------

Ask the guest to grow or shrink its balloon until it is left with the
given amount of memory.  Watch for BALLOON_CHANGE to learn the outcome.

Arguments:

- "value": memory size the guest should end up with, in bytes (json-int)

Example:

-> { "execute": "balloon", "arguments": { "value": 536870912 } }
<- { "return": {} }

2. Query Commands
=================

HXCOMM Query commands keep their documentation in front of their entry.

EQMP

SQMP
query-version
-------------

Report the server's release number.

Return a json-object with the following information:

- "qemu": json-object with the release number
  - "major": yearly series (json-int)
  - "minor": release within the series (json-int)
  - "micro": stable or development revision (json-int)
- "package": distributor's build label, possibly empty (json-string)

Example:

-> { "execute": "query-version" }
<- {
      "return":{
         "qemu":{
            "major":10,
            "minor":0,
            "micro":2
         },
         "package":""
      }
   }

EQMP

    {
        .name       = "query-version",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_query_version,
    },

SQMP
query-commands
--------------

List every command the server accepts right now.

Return a json-array of json-objects, one per command:

- "name": the command's name (json-string)

Example:

-> { "execute": "query-commands" }
<- {
      "return":[
         {
            "name":"query-balloon"
         },
         {
            "name":"system_powerdown"
         }
      ]
   }

Note: This example has been shortened.

EQMP

    {
        .name       = "query-commands",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_query_commands,
    },

SQMP
query-status
------------

Report whether the guest runs and which phase it is in.

Return a json-object with the following information:

- "running": true while guest code executes (json-bool)
- "status": current phase (json-string)
   - Possible values: "debug", "inmigrate", "internal-error", "io-error",
     "paused", "postmigrate", "prelaunch", "finish-migrate", "restore-vm",
     "running", "save-vm", "shutdown", "suspended", "watchdog",
     "guest-panicked", "colo"

Example:

-> { "execute": "query-status" }
<- { "return": { "running": false, "status": "paused" } }

EQMP

    {
        .name       = "query-status",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_query_status,
    },

SQMP
query-balloon
-------------

Report the guest's memory once the balloon is taken into account.

Return a json-object with the following information:

- "actual": guest memory in bytes, minus the balloon (json-int)

Example:

-> { "execute": "query-balloon" }
<- { "return": { "actual": 1073741824 } }

EQMP

    {
        .name       = "query-balloon",
        .args_type  = "",
        .mhandler.cmd_new = qmp_marshal_input_query_balloon,
    },
