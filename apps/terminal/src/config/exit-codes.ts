/**
 * Exit status for a configuration the terminal cannot run with (sysexits' EX_CONFIG): a bad
 * setting, or real hardware asked for on a board without GPIO or I2C. The systemd unit lists it
 * in `RestartPreventExitStatus=`, so a broken install stops instead of restarting forever.
 */
export const EXIT_CONFIG = 78
