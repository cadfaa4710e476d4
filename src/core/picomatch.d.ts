/** `picomatch/posix` has the same API as `picomatch`, without Windows path detection. */
declare module 'picomatch/posix.js' {
  import picomatch from 'picomatch';
  export default picomatch;
}
