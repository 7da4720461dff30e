use ::qmp as __rt;
pub use __rt::codec::*;
pub static T_q_empty: ObjDesc = obj("q_empty", &[]);
pub static T_QType: EnumDesc = EnumDesc { name: "QType", values: &["none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool", ] };
pub static T_QMPCapability: EnumDesc = EnumDesc { name: "QMPCapability", values: &["oob", ] };
pub static T_q_obj_qmp_capabilities_arg: ObjDesc = obj("q_obj_qmp_capabilities-arg", &[opt("enable", Ty::Array(&Ty::Enum(&T_QMPCapability))), ]);
pub static T_VersionTriple: ObjDesc = obj("VersionTriple", &[req("major", INT), req("minor", INT), req("micro", INT), ]);
pub static T_VersionInfo: ObjDesc = obj("VersionInfo", &[req("qemu", Ty::Object(&T_VersionTriple)), req("package", Ty::Str), ]);
pub static T_CommandInfo: ObjDesc = obj("CommandInfo", &[req("name", Ty::Str), ]);
pub static T_RunState: EnumDesc = EnumDesc { name: "RunState", values: &["debug", "inmigrate", "internal-error", "io-error", "paused", "postmigrate", "prelaunch", "finish-migrate", "restore-vm", "running", "save-vm", "shutdown", "suspended", "watchdog", "guest-panicked", "colo", ] };
pub static T_ShutdownCause: EnumDesc = EnumDesc { name: "ShutdownCause", values: &["none", "host-error", "host-qmp-quit", "host-qmp-system-reset", "host-signal", "host-ui", "guest-shutdown", "guest-reset", "guest-panic", "subsystem-reset", "snapshot-load", ] };
pub static T_StatusInfo: ObjDesc = obj("StatusInfo", &[req("running", Ty::Bool), req("status", Ty::Enum(&T_RunState)), ]);
pub static T_q_obj_SHUTDOWN_arg: ObjDesc = obj("q_obj_SHUTDOWN-arg", &[req("guest", Ty::Bool), req("reason", Ty::Enum(&T_ShutdownCause)), ]);
pub static T_BalloonInfo: ObjDesc = obj("BalloonInfo", &[req("actual", INT), ]);
pub static T_q_obj_balloon_arg: ObjDesc = obj("q_obj_balloon-arg", &[req("value", INT), ]);
pub static T_q_obj_BALLOON_CHANGE_arg: ObjDesc = obj("q_obj_BALLOON_CHANGE-arg", &[req("actual", INT), ]);
pub static R_qmp_capabilities: Ty = Ty::Object(&EMPTY);
pub static R_query_version: Ty = Ty::Object(&T_VersionInfo);
pub static R_query_commands: Ty = Ty::Array(&Ty::Object(&T_CommandInfo));
pub static R_quit: Ty = Ty::Object(&EMPTY);
pub static R_query_status: Ty = Ty::Object(&T_StatusInfo);
pub static R_stop: Ty = Ty::Object(&EMPTY);
pub static R_cont: Ty = Ty::Object(&EMPTY);
pub static R_system_powerdown: Ty = Ty::Object(&EMPTY);
pub static R_query_balloon: Ty = Ty::Object(&T_BalloonInfo);
pub static R_balloon: Ty = Ty::Object(&EMPTY);
/// The descriptors of command `name`'s arguments and return value.
#[inline]
pub fn command_desc(name: &str) -> ::std::option::Option<(Ty, Ty)> {
    Some(match name {
        "qmp_capabilities" => (Ty::Object(&T_q_obj_qmp_capabilities_arg), R_qmp_capabilities),
        "query-version" => (Ty::Object(&EMPTY), R_query_version),
        "query-commands" => (Ty::Object(&EMPTY), R_query_commands),
        "quit" => (Ty::Object(&EMPTY), R_quit),
        "query-status" => (Ty::Object(&EMPTY), R_query_status),
        "stop" => (Ty::Object(&EMPTY), R_stop),
        "cont" => (Ty::Object(&EMPTY), R_cont),
        "system_powerdown" => (Ty::Object(&EMPTY), R_system_powerdown),
        "query-balloon" => (Ty::Object(&EMPTY), R_query_balloon),
        "balloon" => (Ty::Object(&T_q_obj_balloon_arg), R_balloon),
        _ => return None,
    })
}
/// The descriptor of event `name`'s data.
#[inline]
pub fn event_desc(name: &str) -> ::std::option::Option<Ty> {
    Some(match name {
        "SHUTDOWN" => Ty::Object(&T_q_obj_SHUTDOWN_arg),
        "POWERDOWN" => Ty::Object(&EMPTY),
        "STOP" => Ty::Object(&EMPTY),
        "RESUME" => Ty::Object(&EMPTY),
        "BALLOON_CHANGE" => Ty::Object(&T_q_obj_BALLOON_CHANGE_arg),
        _ => return None,
    })
}
