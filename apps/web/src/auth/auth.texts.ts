import { registerTexts } from '../i18n/i18n';

registerTexts('auth', {
  'zh-TW': {
    title: '登入管考系統',
    intro: '行政院智慧國家推動小組執行秘書室與各部會的細部計畫管考、填報與審核。',
    email: '電子郵件',
    password: '密碼',
    signIn: '登入',
    emailInvalid: '請輸入電子郵件地址，例如 name@example.gov.tw',
    passwordRequired: '請輸入密碼',
    wrongCredentials: '電子郵件或密碼不正確，請再試一次。連續輸入錯誤多次後須稍候才能再登入。',
  },
  en: {
    title: 'Sign in to Guankao',
    intro: 'Oversight of sub-projects, progress submissions and reviews for the secretariat and the ministries.',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    emailInvalid: 'Enter an email address, e.g. name@example.gov.tw',
    passwordRequired: 'Enter your password',
    wrongCredentials: 'The email or password is not correct: try again. After several wrong attempts you must wait a while before signing in.',
  },
});
