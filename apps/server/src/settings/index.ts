export {
  initSetting,
  readSetting,
  type SettingKey,
  tryLockSetting,
  writeSetting,
} from './settings-store'
