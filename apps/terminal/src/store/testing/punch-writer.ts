// Child process for the SIGKILL test: commits punches one by one and reports each id only
// after addPunch has returned, so every reported id is a promise the store must keep.
import { openStore } from '../store'

const path = process.argv[2]
if (!path) throw new Error('usage: punch-writer <store path>')
const store = openStore(path)
for (let i = 0; ; i++) {
  const id = store.addPunch({
    pin: String(i % 50),
    time: '2025-01-01 08:00:00',
    status: 0,
    verify: 1,
  })
  process.stdout.write(`${id}\n`)
}
