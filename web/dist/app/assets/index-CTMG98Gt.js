const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/Dashboard-Dv3PPWmv.js","assets/useDashboard-COUsEoy1.js","assets/format-BxftPQS4.js","assets/TenantBar.vue_vue_type_script_setup_true_lang-B8ghl3aF.js","assets/Reporting-BzT8DEQp.js","assets/Decomposition-DHZxBYC9.js","assets/RectificationTask-D7_lOH1u.js","assets/ChangePassword-DxKJLIez.js","assets/PasswordForm.vue_vue_type_script_setup_true_lang-SfxyJ0pY.js","assets/Account-7Saw58RR.js"])))=>i.map(i=>d[i]);
/**
* @vue/shared v3.5.45
* (c) 2018-present Yuxi (Evan) You and Vue contributors
* @license MIT
**/function Xs(e){const t=Object.create(null);for(const n of e.split(","))t[n]=1;return n=>n in t}const ee={},Vt=[],nt=()=>{},Rr=()=>!1,ss=e=>e.charCodeAt(0)===111&&e.charCodeAt(1)===110&&(e.charCodeAt(2)>122||e.charCodeAt(2)<97),is=e=>e.startsWith("onUpdate:"),he=Object.assign,Zs=(e,t)=>{const n=e.indexOf(t);n>-1&&e.splice(n,1)},na=Object.prototype.hasOwnProperty,q=(e,t)=>na.call(e,t),$=Array.isArray,Ct=e=>Dn(e)==="[object Map]",gt=e=>Dn(e)==="[object Set]",yi=e=>Dn(e)==="[object Date]",U=e=>typeof e=="function",re=e=>typeof e=="string",De=e=>typeof e=="symbol",Q=e=>e!==null&&typeof e=="object",Er=e=>(Q(e)||U(e))&&U(e.then)&&U(e.catch),Sr=Object.prototype.toString,Dn=e=>Sr.call(e),sa=e=>Dn(e).slice(8,-1),Ir=e=>Dn(e)==="[object Object]",rs=e=>re(e)&&e!=="NaN"&&e[0]!=="-"&&""+parseInt(e,10)===e,dn=Xs(",key,ref,ref_for,ref_key,onVnodeBeforeMount,onVnodeMounted,onVnodeBeforeUpdate,onVnodeUpdated,onVnodeBeforeUnmount,onVnodeUnmounted"),os=e=>{const t=Object.create(null);return n=>t[n]||(t[n]=e(n))},ia=/-\w/g,Se=os(e=>e.replace(ia,t=>t.slice(1).toUpperCase())),ra=/\B([A-Z])/g,jt=os(e=>e.replace(ra,"-$1").toLowerCase()),as=os(e=>e.charAt(0).toUpperCase()+e.slice(1)),vs=os(e=>e?`on${as(e)}`:""),et=(e,t)=>!Object.is(e,t),qn=(e,...t)=>{for(let n=0;n<e.length;n++)e[n](...t)},Tr=(e,t,n,s=!1)=>{Object.defineProperty(e,t,{configurable:!0,enumerable:!1,writable:s,value:n})},kn=e=>{const t=parseFloat(e);return isNaN(t)?e:t};let vi;const ls=()=>vi||(vi=typeof globalThis<"u"?globalThis:typeof self<"u"?self:typeof window<"u"?window:typeof global<"u"?global:{});function ei(e){if($(e)){const t={};for(let n=0;n<e.length;n++){const s=e[n],i=re(s)?ca(s):ei(s);if(i)for(const r in i)t[r]=i[r]}return t}else if(re(e)||Q(e))return e}const oa=/;(?![^(]*\))/g,aa=/:([^]+)/,la=/"(?:[^"\\]|\\[^])*"|'(?:[^'\\]|\\[^])*'|\\[^]|\/\*[^]*?\*\//g;function ca(e){const t={};return e.replace(la,n=>n.startsWith("/*")?"":n).split(oa).forEach(n=>{if(n){const s=n.split(aa);s.length>1&&(t[s[0].trim()]=s[1].trim())}}),t}function Yt(e){let t="";if(re(e))t=e;else if($(e))for(let n=0;n<e.length;n++){const s=Yt(e[n]);s&&(t+=s+" ")}else if(Q(e))for(const n in e)e[n]&&(t+=n+" ");return t.trim()}const ua="itemscope,allowfullscreen,disablepictureinpicture,disableremoteplayback,formnovalidate,ismap,nomodule,novalidate,playsinline,readonly",fa=Xs(ua);function xr(e){return!!e||e===""}function da(e,t,n){if(e.length!==t.length)return!1;let s=!0;for(let i=0;s&&i<e.length;i++)s=mt(e[i],t[i],n);return s}function _i(e,t,n){if(e.size!==t.size)return!1;const s=Array.from(t),i=new Uint8Array(s.length);for(const r of e){let o=-1;for(let a=0;a<s.length;a++)if(!i[a]&&mt(r,s[a],n)){o=a;break}if(o<0)return!1;i[o]=1}return!0}function ha(e,t,n){let s=Ct(e),i=Ct(t);if(s||i||(s=gt(e),i=gt(t),s||i))return s&&i?_i(e,t,n):!1;const r=Object.keys(e).length,o=Object.keys(t).length;if(r!==o)return!1;for(const a in e){const l=e.hasOwnProperty(a),f=t.hasOwnProperty(a);if(l&&!f||!l&&f||!mt(e[a],t[a],n))return!1}return String(e)===String(t)}function wi(e,t,n,s){n||(n=[new Map,new Map]);const[i,r]=n;if(i.has(e)||r.has(t))return i.get(e)===t&&r.get(t)===e;i.set(e,t),r.set(t,e);const o=s(e,t,n);return i.delete(e),r.delete(t),o}function mt(e,t,n){if(e===t)return!0;let s=yi(e),i=yi(t);return s||i?s&&i?e.getTime()===t.getTime():!1:(s=De(e),i=De(t),s||i?e===t:(s=$(e),i=$(t),s||i?s&&i?wi(e,t,n,da):!1:(s=Q(e),i=Q(t),s||i?!s||!i?!1:wi(e,t,n,ha):String(e)===String(t))))}function ti(e,t){return e.findIndex(n=>mt(n,t))}const Ar=e=>!!(e&&e.__v_isRef===!0),ie=e=>re(e)?e:e==null?"":$(e)||Q(e)&&(e.toString===Sr||!U(e.toString))?Ar(e)?ie(e.value):JSON.stringify(e,Cr,2):String(e),Cr=(e,t)=>Ar(t)?Cr(e,t.value):Ct(t)?{[`Map(${t.size})`]:[...t.entries()].reduce((n,[s,i],r)=>(n[_s(s,r)+" =>"]=i,n),{})}:gt(t)?{[`Set(${t.size})`]:[...t.values()].map(n=>_s(n))}:De(t)?_s(t):Q(t)&&!$(t)&&!Ir(t)?String(t):t,_s=(e,t="")=>{var n;return De(e)?`Symbol(${(n=e.description)!=null?n:t})`:e};/**
* @vue/reactivity v3.5.45
* (c) 2018-present Yuxi (Evan) You and Vue contributors
* @license MIT
**/let ce;class pa{constructor(t=!1){this.detached=t,this._active=!0,this._on=0,this.effects=[],this.cleanups=[],this._isPaused=!1,this._warnOnRun=!0,this.__v_skip=!0,!t&&ce&&(ce.active?(this.parent=ce,this.index=(ce.scopes||(ce.scopes=[])).push(this)-1):(this._active=!1,this._warnOnRun=!1))}get active(){return this._active}pause(){if(this._active){this._isPaused=!0;let t,n;if(this.scopes){const s=this.scopes.slice();for(t=0,n=s.length;t<n;t++)s[t].pause()}for(t=0,n=this.effects.length;t<n;t++)this.effects[t].pause()}}resume(){if(this._active&&this._isPaused){this._isPaused=!1;let t,n;if(this.scopes){const i=this.scopes.slice();for(t=0,n=i.length;t<n;t++)i[t].resume()}const s=this.effects.slice();for(t=0,n=s.length;t<n;t++)s[t].resume()}}run(t){if(this._active){const n=ce;try{return ce=this,t()}finally{ce=n}}}on(){++this._on===1&&(this.prevScope=ce,ce=this)}off(){if(this._on>0&&--this._on===0){if(ce===this)ce=this.prevScope;else{let t=ce;for(;t;){if(t.prevScope===this){t.prevScope=this.prevScope;break}t=t.prevScope}}this.prevScope=void 0}}stop(t){if(this._active){this._active=!1;let n,s;for(n=0,s=this.effects.length;n<s;n++)this.effects[n].stop();for(this.effects.length=0,n=0,s=this.cleanups.length;n<s;n++)this.cleanups[n]();if(this.cleanups.length=0,this.scopes){const i=this.scopes.slice();for(n=0,s=i.length;n<s;n++)i[n].stop(!0);this.scopes.length=0}if(!this.detached&&this.parent&&!t){const i=this.parent.scopes.pop();i&&i!==this&&(this.parent.scopes[this.index]=i,i.index=this.index)}this.parent=void 0}}}function ga(){return ce}function bf(e,t=!1){ce&&(ce.active?ce.cleanups.push(e):e())}let te;const ws=new WeakSet;class Or{constructor(t){this.fn=t,this.deps=void 0,this.depsTail=void 0,this.flags=5,this.next=void 0,this.cleanup=void 0,this.scheduler=void 0,ce&&(ce.active?ce.effects.push(this):this.flags&=-2)}pause(){this.flags|=64}resume(){this.flags&64&&(this.flags&=-65,ws.has(this)&&(ws.delete(this),this.trigger()))}notify(){this.flags&2&&!(this.flags&32)||this.flags&8||Nr(this)}run(){if(!(this.flags&1))return this.fn();this.flags|=2,Ri(this),Dr(this);const t=te,n=Ve;te=this,Ve=!0;try{return this.fn()}finally{kr(this),te=t,Ve=n,this.flags&=-3}}stop(){if(this.flags&1){for(let t=this.deps;t;t=t.nextDep)ii(t);this.deps=this.depsTail=void 0,Ri(this),this.onStop&&this.onStop(),this.flags&=-2}}trigger(){this.flags&64?ws.add(this):this.scheduler?this.scheduler():this.runIfDirty()}runIfDirty(){Ls(this)&&this.run()}get dirty(){return Ls(this)}}let Pr=0,hn,pn;function Nr(e,t=!1){if(e.flags|=8,t){e.next=pn,pn=e;return}e.next=hn,hn=e}function ni(){Pr++}function si(){if(--Pr>0)return;if(pn){let t=pn;for(pn=void 0;t;){const n=t.next;t.next=void 0,t.flags&=-9,t=n}}let e;for(;hn;){let t=hn;for(hn=void 0;t;){const n=t.next;if(t.next=void 0,t.flags&=-9,t.flags&1)try{t.trigger()}catch(s){e||(e=s)}t=n}}if(e)throw e}function Dr(e){for(let t=e.deps;t;t=t.nextDep)t.version=-1,t.prevActiveLink=t.dep.activeLink,t.dep.activeLink=t}function kr(e){let t,n=e.depsTail,s=n;for(;s;){const i=s.prevDep;s.version===-1?(s===n&&(n=i),ii(s),ma(s)):t=s,s.dep.activeLink=s.prevActiveLink,s.prevActiveLink=void 0,s=i}e.deps=t,e.depsTail=n}function Ls(e){for(let t=e.deps;t;t=t.nextDep)if(t.dep.version!==t.version||t.dep.computed&&($r(t.dep.computed)||t.dep.version!==t.version))return!0;return!!e._dirty}function $r(e){if(e.flags&4&&!(e.flags&16)||(e.flags&=-17,e.globalVersion===Rn)||(e.globalVersion=Rn,!e.isSSR&&e.flags&128&&(!e.deps&&!e._dirty||!Ls(e))))return;e.flags|=2;const t=e.dep,n=te,s=Ve;te=e,Ve=!0;try{Dr(e);const i=e.fn(e._value);(t.version===0||et(i,e._value))&&(e.flags|=128,e._value=i,t.version++)}catch(i){throw t.version++,i}finally{te=n,Ve=s,kr(e),e.flags&=-3}}function ii(e,t=!1){const{dep:n,prevSub:s,nextSub:i}=e;if(s&&(s.nextSub=i,e.prevSub=void 0),i&&(i.prevSub=s,e.nextSub=void 0),n.subs===e&&(n.subs=s,!s&&n.computed)){n.computed.flags&=-5;for(let r=n.computed.deps;r;r=r.nextDep)ii(r,!0)}!t&&!--n.sc&&n.map&&n.map.delete(n.key)}function ma(e){const{prevDep:t,nextDep:n}=e;t&&(t.nextDep=n,e.prevDep=void 0),n&&(n.prevDep=t,e.nextDep=void 0)}let Ve=!0;const Mr=[];function st(){Mr.push(Ve),Ve=!1}function it(){const e=Mr.pop();Ve=e===void 0?!0:e}function Ri(e){const{cleanup:t}=e;if(e.cleanup=void 0,t){const n=te;te=void 0;try{t()}finally{te=n}}}let Rn=0;class ba{constructor(t,n){this.sub=t,this.dep=n,this.version=n.version,this.nextDep=this.prevDep=this.nextSub=this.prevSub=this.prevActiveLink=void 0}}class ri{constructor(t){this.computed=t,this.version=0,this.activeLink=void 0,this.subs=void 0,this.map=void 0,this.key=void 0,this.sc=0,this.__v_skip=!0}track(t){if(!te||!Ve||te===this.computed)return;let n=this.activeLink;if(n===void 0||n.sub!==te)n=this.activeLink=new ba(te,this),te.deps?(n.prevDep=te.depsTail,te.depsTail.nextDep=n,te.depsTail=n):te.deps=te.depsTail=n,Lr(n);else if(n.version===-1&&(n.version=this.version,n.nextDep)){const s=n.nextDep;s.prevDep=n.prevDep,n.prevDep&&(n.prevDep.nextDep=s),n.prevDep=te.depsTail,n.nextDep=void 0,te.depsTail.nextDep=n,te.depsTail=n,te.deps===n&&(te.deps=s)}return n}trigger(t){this.version++,Rn++,this.notify(t)}notify(t){ni();try{for(let n=this.subs;n;n=n.prevSub)n.sub.notify()&&n.sub.dep.notify()}finally{si()}}}function Lr(e){if(e.dep.sc++,e.sub.flags&4){const t=e.dep.computed;if(t&&!e.dep.subs){t.flags|=20;for(let s=t.deps;s;s=s.nextDep)Lr(s)}const n=e.dep.subs;n!==e&&(e.prevSub=n,n&&(n.nextSub=e)),e.dep.subs=e}}const Wn=new WeakMap,Ft=Symbol(""),Vs=Symbol(""),En=Symbol("");function me(e,t,n){if(Ve&&te){let s=Wn.get(e);s||Wn.set(e,s=new Map);let i=s.get(n);i||(s.set(n,i=new ri),i.map=s,i.key=n),i.track()}}function dt(e,t,n,s,i,r){const o=Wn.get(e);if(!o){Rn++;return}const a=l=>{l&&l.trigger()};if(ni(),t==="clear")o.forEach(a);else{const l=$(e),f=l&&rs(n);if(l&&n==="length"){const u=Number(s);o.forEach((d,g)=>{(g==="length"||g===En||!De(g)&&g>=u)&&a(d)})}else switch((n!==void 0||o.has(void 0))&&a(o.get(n)),f&&a(o.get(En)),t){case"add":l?f&&a(o.get("length")):(a(o.get(Ft)),Ct(e)&&a(o.get(Vs)));break;case"delete":l||(a(o.get(Ft)),Ct(e)&&a(o.get(Vs)));break;case"set":Ct(e)&&a(o.get(Ft));break}}si()}function ya(e,t){const n=Wn.get(e);return n&&n.get(t)}function Gt(e){const t=H(e);return t===e||(me(t,"iterate",En),Ce(e))?t:rt(e)?Ot(e)?t.map(n=>Pt(ke(n))):t.map(Pt):t.map(ke)}function cs(e){return me(e=H(e),"iterate",En),e}function Je(e,t){return rt(e)?Pt(Ot(e)?ke(t):t):ke(t)}const va={__proto__:null,[Symbol.iterator](){return Rs(this,Symbol.iterator,e=>Je(this,e))},concat(...e){return Gt(this).concat(...e.map(t=>$(t)?Gt(t):t))},entries(){return Rs(this,"entries",e=>(e[1]=Je(this,e[1]),e))},every(e,t){return lt(this,"every",e,t,void 0,arguments)},filter(e,t){return lt(this,"filter",e,t,n=>n.map(s=>Je(this,s)),arguments)},find(e,t){return lt(this,"find",e,t,n=>Je(this,n),arguments)},findIndex(e,t){return lt(this,"findIndex",e,t,void 0,arguments)},findLast(e,t){return lt(this,"findLast",e,t,n=>Je(this,n),arguments)},findLastIndex(e,t){return lt(this,"findLastIndex",e,t,void 0,arguments)},forEach(e,t){return lt(this,"forEach",e,t,void 0,arguments)},includes(...e){return Es(this,"includes",e)},indexOf(...e){return Es(this,"indexOf",e)},join(e){return Gt(this).join(e)},lastIndexOf(...e){return Es(this,"lastIndexOf",e)},map(e,t){return lt(this,"map",e,t,void 0,arguments)},pop(){return rn(this,"pop")},push(...e){return rn(this,"push",e)},reduce(e,...t){return Si(this,"reduce",e,t)},reduceRight(e,...t){return Si(this,"reduceRight",e,t)},shift(){return rn(this,"shift")},some(e,t){return lt(this,"some",e,t,void 0,arguments)},splice(...e){return rn(this,"splice",e)},toReversed(){return Gt(this).toReversed()},toSorted(e){return Gt(this).toSorted(e)},toSpliced(...e){return Gt(this).toSpliced(...e)},unshift(...e){return rn(this,"unshift",e)},values(){return Rs(this,"values",e=>Je(this,e))}};function Rs(e,t,n){const s=cs(e),i=s[t],r=i.call(s);if(s!==e&&!Ce(e)){if(r[Symbol.toStringTag]==="Array Iterator"){const o=Object.create(Object.getPrototypeOf(r));return o.next=()=>Ei(r.next(),n),i!==Vr[t]&&Object.defineProperties(o,{return:{get(){const a=r.return;return typeof a=="function"?a.bind(r):a}},throw:{get(){const a=r.throw;return typeof a=="function"?a.bind(r):a}}}),o}r._next=r.next,r.next=()=>Ei(r._next(),n)}return r}function Ei(e,t){return e.done||(e.value=t(e.value)),e}const Vr=Array.prototype;function lt(e,t,n,s,i,r){const o=cs(e),a=o!==e&&!Ce(e),l=o[t];if(l!==Vr[t]){const d=l.apply(e,r);return a?ke(d):d}let f=n;o!==e&&(a?f=function(d,g){return n.call(this,Je(e,d),g,e)}:n.length>2&&(f=function(d,g){return n.call(this,d,g,e)}));const u=l.call(o,f,s);return a&&i?i(u):u}function Si(e,t,n,s){const i=cs(e),r=i!==e&&!Ce(e);let o=n,a=!1;i!==e&&(r?(a=s.length===0,o=function(f,u,d){return a&&(a=!1,f=Je(e,f)),n.call(this,f,Je(e,u),d,e)}):n.length>3&&(o=function(f,u,d){return n.call(this,f,u,d,e)}));const l=i[t](o,...s);return a?Je(e,l):l}function Es(e,t,n){const s=H(e);me(s,"iterate",En);const i=s[t](...n);return(i===-1||i===!1)&&us(n[0])?(n[0]=H(n[0]),s[t](...n)):i}function rn(e,t,n=[]){st(),ni();const s=H(e)[t].apply(e,n);return si(),it(),s}const _a=Xs("__proto__,__v_isRef,__isVue"),Fr=new Set(Object.getOwnPropertyNames(Symbol).filter(e=>e!=="arguments"&&e!=="caller").map(e=>Symbol[e]).filter(De));function wa(e){De(e)||(e=String(e));const t=H(this);return me(t,"has",e),t.hasOwnProperty(e)}class Ur{constructor(t=!1,n=!1){this._isReadonly=t,this._isShallow=n}get(t,n,s){if(n==="__v_skip")return t.__v_skip;const i=this._isReadonly,r=this._isShallow;if(n==="__v_isReactive")return!i;if(n==="__v_isReadonly")return i;if(n==="__v_isShallow")return r;if(n==="__v_raw")return s===(i?r?Pa:qr:r?Hr:jr).get(t)||Object.getPrototypeOf(t)===Object.getPrototypeOf(s)?t:void 0;const o=$(t);if(!i){let l;if(o&&(l=va[n]))return l;if(n==="hasOwnProperty")return wa}const a=Reflect.get(t,n,de(t)?t:s);if((De(n)?Fr.has(n):_a(n))||(i||me(t,"get",n),r))return a;if(de(a)){const l=o&&rs(n)?a:a.value;return i&&Q(l)?Us(l):l}return Q(a)?i?Us(a):$n(a):a}}class Br extends Ur{constructor(t=!1){super(!1,t)}set(t,n,s,i){let r=t[n];const o=$(t)&&rs(n);if(!this._isShallow){const f=rt(r);if(!Ce(s)&&!rt(s)&&(r=H(r),s=H(s)),!o&&de(r)&&!de(s))return f||(r.value=s),!0}const a=o?Number(n)<t.length:q(t,n),l=Reflect.set(t,n,s,de(t)?t:i);return t===H(i)&&l&&(a?et(s,r)&&dt(t,"set",n,s):dt(t,"add",n,s)),l}deleteProperty(t,n){const s=q(t,n);t[n];const i=Reflect.deleteProperty(t,n);return i&&s&&dt(t,"delete",n,void 0),i}has(t,n){const s=Reflect.has(t,n);return(!De(n)||!Fr.has(n))&&me(t,"has",n),s}ownKeys(t){return me(t,"iterate",$(t)?"length":Ft),Reflect.ownKeys(t)}}class Ra extends Ur{constructor(t=!1){super(!0,t)}set(t,n){return!0}deleteProperty(t,n){return!0}}const Ea=new Br,Sa=new Ra,Ia=new Br(!0);const Fs=e=>e,Vn=e=>Reflect.getPrototypeOf(e);function Ta(e,t,n){return function(...s){const i=this.__v_raw,r=H(i),o=Ct(r),a=e==="entries"||e===Symbol.iterator&&o,l=e==="keys"&&o,f=i[e](...s),u=n?Fs:t?Pt:ke;return!t&&me(r,"iterate",l?Vs:Ft),he(Object.create(f),{next(){const{value:d,done:g}=f.next();return g?{value:d,done:g}:{value:a?[u(d[0]),u(d[1])]:u(d),done:g}}})}}function Fn(e){return function(...t){return e==="delete"?!1:e==="clear"?void 0:this}}function xa(e,t){const n={get(i){const r=this.__v_raw,o=H(r),a=H(i);e||(et(i,a)&&me(o,"get",i),me(o,"get",a));const{has:l}=Vn(o),f=t?Fs:e?Pt:ke;if(l.call(o,i))return f(r.get(i));if(l.call(o,a))return f(r.get(a));r!==o&&r.get(i)},get size(){const i=this.__v_raw;return!e&&me(H(i),"iterate",Ft),i.size},has(i){const r=this.__v_raw,o=H(r),a=H(i);return e||(et(i,a)&&me(o,"has",i),me(o,"has",a)),i===a?r.has(i):r.has(i)||r.has(a)},forEach(i,r){const o=this,a=o.__v_raw,l=H(a),f=t?Fs:e?Pt:ke;return!e&&me(l,"iterate",Ft),a.forEach((u,d)=>i.call(r,f(u),f(d),o))}};return he(n,e?{add:Fn("add"),set:Fn("set"),delete:Fn("delete"),clear:Fn("clear")}:{add(i){const r=H(this),o=Vn(r),a=H(i),l=!t&&!Ce(i)&&!rt(i)?a:i;return o.has.call(r,l)||et(i,l)&&o.has.call(r,i)||et(a,l)&&o.has.call(r,a)||(r.add(l),dt(r,"add",l,l)),this},set(i,r){!t&&!Ce(r)&&!rt(r)&&(r=H(r));const o=H(this),{has:a,get:l}=Vn(o);let f=a.call(o,i);f||(i=H(i),f=a.call(o,i));const u=l.call(o,i);return o.set(i,r),f?et(r,u)&&dt(o,"set",i,r):dt(o,"add",i,r),this},delete(i){const r=H(this),{has:o,get:a}=Vn(r);let l=o.call(r,i);l||(i=H(i),l=o.call(r,i)),a&&a.call(r,i);const f=r.delete(i);return l&&dt(r,"delete",i,void 0),f},clear(){const i=H(this),r=i.size!==0,o=i.clear();return r&&dt(i,"clear",void 0,void 0),o}}),["keys","values","entries",Symbol.iterator].forEach(i=>{n[i]=Ta(i,e,t)}),n}function oi(e,t){const n=xa(e,t);return(s,i,r)=>i==="__v_isReactive"?!e:i==="__v_isReadonly"?e:i==="__v_isShallow"?t:i==="__v_raw"?s:Reflect.get(q(n,i)&&i in s?n:s,i,r)}const Aa={get:oi(!1,!1)},Ca={get:oi(!1,!0)},Oa={get:oi(!0,!1)};const jr=new WeakMap,Hr=new WeakMap,qr=new WeakMap,Pa=new WeakMap;function Na(e){switch(e){case"Object":case"Array":return 1;case"Map":case"Set":case"WeakMap":case"WeakSet":return 2;default:return 0}}function $n(e){return rt(e)?e:ai(e,!1,Ea,Aa,jr)}function Gr(e){return ai(e,!1,Ia,Ca,Hr)}function Us(e){return ai(e,!0,Sa,Oa,qr)}function ai(e,t,n,s,i){if(!Q(e)||e.__v_raw&&!(t&&e.__v_isReactive)||e.__v_skip||!Object.isExtensible(e))return e;const r=i.get(e);if(r)return r;const o=Na(sa(e));if(o===0)return e;const a=new Proxy(e,o===2?s:n);return i.set(e,a),a}function Ot(e){return rt(e)?Ot(e.__v_raw):!!(e&&e.__v_isReactive)}function rt(e){return!!(e&&e.__v_isReadonly)}function Ce(e){return!!(e&&e.__v_isShallow)}function us(e){return e?!!e.__v_raw:!1}function H(e){const t=e&&e.__v_raw;return t?H(t):e}function Da(e){return!q(e,"__v_skip")&&Object.isExtensible(e)&&Tr(e,"__v_skip",!0),e}const ke=e=>Q(e)?$n(e):e,Pt=e=>Q(e)?Us(e):e;function de(e){return e?e.__v_isRef===!0:!1}function It(e){return Kr(e,!1)}function ka(e){return Kr(e,!0)}function Kr(e,t){return de(e)?e:new $a(e,t)}class $a{constructor(t,n){this.dep=new ri,this.__v_isRef=!0,this.__v_isShallow=!1,this._rawValue=n?t:H(t),this._value=n?t:ke(t),this.__v_isShallow=n}get value(){return this.dep.track(),this._value}set value(t){const n=this._rawValue,s=this.__v_isShallow||Ce(t)||rt(t);t=s?t:H(t),et(t,n)&&(this._rawValue=t,this._value=s?t:ke(t),this.dep.trigger())}}function F(e){return de(e)?e.value:e}const Ma={get:(e,t,n)=>t==="__v_raw"?e:F(Reflect.get(e,t,n)),set:(e,t,n,s)=>{const i=e[t];return de(i)&&!de(n)?(i.value=n,!0):Reflect.set(e,t,n,s)}};function Wr(e){return Ot(e)?e:new Proxy(e,Ma)}class La{constructor(t,n,s){this._object=t,this._defaultValue=s,this.__v_isRef=!0,this._value=void 0,this._key=De(n)?n:String(n),this._raw=H(t);let i=!0,r=t;if(!$(t)||De(this._key)||!rs(this._key))do i=!us(r)||Ce(r);while(i&&(r=r.__v_raw));this._shallow=i}get value(){let t=this._object[this._key];return this._shallow&&(t=F(t)),this._value=t===void 0?this._defaultValue:t}set value(t){if(this._shallow&&de(this._raw[this._key])){const n=this._object[this._key];if(de(n)){n.value=t;return}}this._object[this._key]=t}get dep(){return ya(this._raw,this._key)}}class Va{constructor(t){this._getter=t,this.__v_isRef=!0,this.__v_isReadonly=!0,this._value=void 0}get value(){return this._value=this._getter()}}function yf(e,t,n){return de(e)?e:U(e)?new Va(e):Q(e)&&arguments.length>1?Fa(e,t,n):It(e)}function Fa(e,t,n){return new La(e,t,n)}class Ua{constructor(t,n,s){this.fn=t,this.setter=n,this._value=void 0,this.dep=new ri(this),this.__v_isRef=!0,this.deps=void 0,this.depsTail=void 0,this.flags=16,this.globalVersion=Rn-1,this.next=void 0,this.effect=this,this.__v_isReadonly=!n,this.isSSR=s}notify(){if(this.flags|=16,!(this.flags&8)&&te!==this)return Nr(this,!0),!0}get value(){const t=this.dep.track();return $r(this),t&&(t.version=this.dep.version),this._value}set value(t){this.setter&&this.setter(t)}}function Ba(e,t,n=!1){let s,i;return U(e)?s=e:(s=e.get,i=e.set),new Ua(s,i,n)}const Un={},zn=new WeakMap;let Lt;function ja(e,t=!1,n=Lt){if(n){let s=zn.get(n);s||zn.set(n,s=[]),s.push(e)}}function Ha(e,t,n=ee){const{immediate:s,deep:i,once:r,scheduler:o,augmentJob:a,call:l}=n,f=C=>i?C:Ce(C)||i===!1||i===0?ht(C,1):ht(C);let u,d,g,b,A=!1,I=!1;if(de(e)?(d=()=>e.value,A=Ce(e)):Ot(e)?(d=()=>f(e),A=!0):$(e)?(I=!0,A=e.some(C=>Ot(C)||Ce(C)),d=()=>e.map(C=>{if(de(C))return C.value;if(Ot(C))return f(C);if(U(C))return l?l(C,2):C()})):U(e)?t?d=l?()=>l(e,2):e:d=()=>{if(g){st();try{g()}finally{it()}}const C=Lt;Lt=u;try{return l?l(e,3,[b]):e(b)}finally{Lt=C}}:d=nt,t&&i){const C=d,K=i===!0?1/0:i;d=()=>ht(C(),K)}const B=ga(),L=()=>{u.stop(),B&&B.active&&Zs(B.effects,u)};if(r&&t){const C=t;t=(...K)=>{try{return C(...K)}finally{L()}}}let O=I?new Array(e.length).fill(Un):Un;const N=C=>{if(!(!(u.flags&1)||!u.dirty&&!C))if(t){const K=u.run();if(C||i||A||(I?K.some((oe,ne)=>et(oe,O[ne])):et(K,O))){const oe=Lt;st();try{g&&g(),Lt=u;const ne=[K,O===Un?void 0:I&&O[0]===Un?[]:O,b];O=K,l?l(t,3,ne):t(...ne)}finally{Lt=oe,it()}}}else u.run()};return a&&a(N),u=new Or(d),u.scheduler=o?()=>o(N,!1):N,b=C=>ja(C,!1,u),g=u.onStop=()=>{const C=zn.get(u);if(C){if(l)l(C,4);else for(const K of C)K();zn.delete(u)}},t?s?N(!0):O=u.run():o?o(N.bind(null,!0),!0):u.run(),L.pause=u.pause.bind(u),L.resume=u.resume.bind(u),L.stop=L,L}function ht(e,t=1/0,n){if(t<=0||!Q(e)||e.__v_skip||(n=n||new Map,(n.get(e)||0)>=t))return e;if(n.set(e,t),t--,de(e))ht(e.value,t,n);else if($(e))for(let s=0;s<e.length;s++)ht(e[s],t,n);else if(gt(e)||Ct(e))e.forEach(s=>{ht(s,t,n)});else if(Ir(e)){for(const s in e)ht(e[s],t,n);for(const s of Object.getOwnPropertySymbols(e))Object.prototype.propertyIsEnumerable.call(e,s)&&ht(e[s],t,n)}return e}/**
* @vue/runtime-core v3.5.45
* (c) 2018-present Yuxi (Evan) You and Vue contributors
* @license MIT
**/function Mn(e,t,n,s){try{return s?e(...s):e()}catch(i){fs(i,t,n)}}function Fe(e,t,n,s){if(U(e)){const i=Mn(e,t,n,s);return i&&Er(i)&&i.catch(r=>{fs(r,t,n,void 0,!0)}),i}if($(e)){const i=[];for(let r=0;r<e.length;r++)i.push(Fe(e[r],t,n,s));return i}}function fs(e,t,n,s=!0,i=!1){const r=t?t.vnode:null,{errorHandler:o,throwUnhandledErrorInProduction:a}=t&&t.appContext.config||ee;if(t){let l=t.parent;const f=t.proxy,u=`https://vuejs.org/error-reference/#runtime-${n}`;for(;l;){const d=l.ec;if(d&&!l.isUnmounted&&(!i||l.scope.active)){for(let g=0;g<d.length;g++)if(d[g](e,f,u)===!1)return}l=l.parent}if(o){st(),Mn(o,null,10,[e,f,u]),it();return}}qa(e,n,r,s,a)}function qa(e,t,n,s=!0,i=!1){if(i)throw e;console.error(e)}const Re=[];let Me=-1;const Ye=[];let Et=null,Kt=0;const zr=Promise.resolve();let Qn=null;function li(e){const t=Qn||zr;return e?t.then(this?e.bind(this):e):t}function Ga(e){let t=Me+1,n=Re.length;for(;t<n;){const s=t+n>>>1,i=Re[s],r=Sn(i);r<e||r===e&&i.flags&2?t=s+1:n=s}return t}function ci(e){if(!(e.flags&1)){const t=Sn(e),n=Re[Re.length-1];!n||!(e.flags&2)&&t>=Sn(n)?Re.push(e):Re.splice(Ga(t),0,e),e.flags|=1,Qr()}}function Qr(){Qn||(Qn=zr.then(Xr))}function Ka(e){if(!$(e))Et&&e.id===-1?Et.splice(Kt+1,0,e):e.flags&1||(Ye.push(e),e.flags|=1);else for(let t=0;t<e.length;t++)Ye.push(e[t]);Qr()}function Jr(e,t,n,s=Me+1){for(;s<Re.length;s++){const i=Re[s];if(i&&i.flags&2){if(e&&i.id!==e.uid||t!==void 0&&!(i.id>=t))continue;Re.splice(s,1),s=e?s-1:Me,i.flags&4&&(i.flags&=-2),i(),i.flags&4||(i.flags&=-2)}}}function Yr(e,t,n=0){if(Ye.length){let s=Ye,i=0;if(t){s=[];for(let o=0;o<Ye.length;o++){const a=Ye[o];(a.i!==void 0?!a.i||a.i.uid<n:t.has(a))?Ye[i++]=a:s.push(a)}}const r=[...new Set(s)].sort((o,a)=>Sn(o)-Sn(a));if(Ye.length=i,Et){for(let o=0;o<r.length;o++)Et.push(r[o]);return}for(Et=r,Kt=0;Kt<Et.length;Kt++){const o=Et[Kt];o.flags&4&&(o.flags&=-2),o.flags&8||o(),o.flags&=-2}Et=null,Kt=0}}let Ss=!1;function Wa(e,t){if(Ss){e();return}const n=t===void 0?void 0:new Set(Ye);e(),Ss=!0;try{Jr(void 0,t),Yr(void 0,n,t)}finally{Ss=!1}}const Sn=e=>e.id==null?e.flags&2?-1:1/0:e.id;function Xr(e){try{for(Me=0;Me<Re.length;Me++){const t=Re[Me];t&&!(t.flags&8)&&(t.flags&4&&(t.flags&=-2),Mn(t,t.i,t.i?15:14),t.flags&4||(t.flags&=-2))}}finally{for(;Me<Re.length;Me++){const t=Re[Me];t&&(t.flags&=-2)}Me=-1,Re.length=0,Yr(),Qn=null,(Re.length||Ye.length)&&Xr()}}let xe=null,Zr=null;function Jn(e){const t=xe;return xe=e,Zr=e&&e.type.__scopeId||null,t}function Wt(e,t=xe,n){if(!t||e._n)return e;const s=(...i)=>{s._d&&Zn(-1);const r=Jn(t),o=Ut.length;let a;try{a=e(...i)}finally{for(let l=Ut.length;l>o;l--)To();Jn(r),s._d&&Zn(1)}return a};return s._n=!0,s._c=!0,s._d=!0,s}function Ii(e,t){if(xe===null)return e;const n=ms(xe),s=e.dirs||(e.dirs=[]);for(let i=0;i<t.length;i++){let[r,o,a,l=ee]=t[i];r&&(U(r)&&(r={mounted:r,updated:r}),r.deep&&ht(o),s.push({dir:r,instance:n,value:o,oldValue:void 0,arg:a,modifiers:l}))}return e}function $t(e,t,n,s){let i=e;if(s==="beforeMount")e._mount=e;else if(s==="beforeUpdate"){const a=t&&t._mount;a&&(a._latest=e,e._mount=a)}else if(s==="mounted"){const a=e._latest;e._mount=e._latest=void 0,a&&(i=a,a._mount=void 0)}const r=i.dirs,o=t&&t.dirs;for(let a=0;a<r.length;a++){let l=r[a];o?l.oldValue=o[a].value:s==="mounted"&&l.oldValue!==void 0&&(l=he({},l,{oldValue:void 0}));let f=l.dir[s];f&&(st(),Fe(f,n,8,[e.el,l,i,t]),it())}}function Gn(e,t){if(be){let n=be.provides;const s=be.parent&&be.parent.provides;s===n&&(n=be.provides=Object.create(s)),n[e]=t}}function Ne(e,t,n=!1){const s=Gl();if(s||Jt){let i=Jt?Jt._context.provides:s?s.parent==null||s.ce?s.vnode.appContext&&s.vnode.appContext.provides:s.parent.provides:void 0;if(i&&e in i)return i[e];if(arguments.length>1)return n&&U(t)?t.call(s&&s.proxy):t}}const za=Symbol.for("v-scx"),Qa=()=>Ne(za);function Qt(e,t,n){return eo(e,t,n)}function eo(e,t,n=ee){const{immediate:s,deep:i,flush:r,once:o}=n,a=he({},n),l=t&&s||!t&&r!=="post";let f;if(Cn){if(r==="sync"){const b=Qa();f=b.__watcherHandles||(b.__watcherHandles=[])}else if(!l){const b=()=>{};return b.stop=nt,b.resume=nt,b.pause=nt,b}}const u=be;a.call=(b,A,I)=>Fe(b,u,A,I);let d=!1;r==="post"?a.scheduler=b=>{b.i=u,_e(b,u&&u.suspense)}:r!=="sync"&&(d=!0,a.scheduler=(b,A)=>{A?b():ci(b)}),a.augmentJob=b=>{t&&(b.flags|=4),d&&(b.flags|=2,u&&(b.id=u.uid,b.i=u))};const g=Ha(e,t,a);return Cn&&(f?f.push(g):l&&g()),g}function Ja(e,t,n){const s=this.proxy,i=re(e)?e.includes(".")?to(s,e):()=>s[e]:e.bind(s,s);let r;U(t)?r=t:(r=t.handler,n=t);const o=Ln(this),a=eo(i,r.bind(s),n);return o(),a}function to(e,t){const n=t.split(".");return()=>{let s=e;for(let i=0;i<n.length&&s;i++)s=s[n[i]];return s}}const Ya=Symbol("_vte"),ds=e=>e.__isTeleport,Is=Symbol("_leaveCb");function Xa(e){let t=e[0];if(e.length>1){for(const n of e)if(n.type!==Ue){t=n;break}}return t}function no(e){if(!ui(e))return ds(e.type)&&e.children?Xa(e.children):e;if(e.component)return e.component.subTree;const{shapeFlag:t,children:n}=e;if(n){if(t&16)return n[0];if(t&32&&U(n.default))return n.default()}}function gn(e,t){if(e.shapeFlag&6&&e.component){e.transition=t;const n=e.component.subTree;gn(ds(n.type)&&no(n)||n,t)}else if(e.shapeFlag&128){const n=e.suspense;if(n){const s=n.isHydrating?n.pendingBranch:n.activeBranch;s&&gn(s,t.clone(s))}else e.ssContent.transition=t.clone(e.ssContent),e.ssFallback.transition=t.clone(e.ssFallback)}else if(e.transition=t,e.type===Le&&$(e.children)){const n=ho(e.children,!1);n&&gn(n,t)}}function Bs(e){if(e.component)return Bs(e.component.subTree);if(e.type===Le){const t=$(e.children)&&ho(e.children,!1);return t?Bs(t):void 0}if(e.type!==Ue)return e}function hs(e,t){return U(e)?he({name:e.name},t,{setup:e}):e}function so(e){e.ids=[e.ids[0]+e.ids[2]+++"-",0,0]}function Ti(e,t){let n;return!!((n=Object.getOwnPropertyDescriptor(e,t))&&!n.configurable)}const Yn=new WeakMap;function mn(e,t,n,s,i=!1){if($(e)){e.forEach((I,B)=>mn(I,t&&($(t)?t[B]:t),n,s,i));return}if(bn(s)&&!i){s.shapeFlag&512&&s.type.__asyncResolved&&s.component.subTree.component&&mn(e,t,n,s.component.subTree);return}const r=s.shapeFlag&4?ms(s.component):s.el,o=i?null:r,{i:a,r:l}=e,f=t&&t.r,u=a.refs===ee?a.refs={}:a.refs,d=a.setupState,g=H(d),b=d===ee?Rr:I=>Ti(u,I)?!1:q(g,I),A=(I,B)=>!(B&&Ti(u,B));if(f!=null&&f!==l){if(xi(t),re(f))u[f]=null,b(f)&&(d[f]=null);else if(de(f)){const I=t;A(f,I.k)&&(f.value=null),I.k&&(u[I.k]=null)}}if(U(l))Mn(l,a,12,[o,u]);else{const I=re(l),B=de(l);if(I||B){const L=()=>{if(e.f){const O=I?b(l)?d[l]:u[l]:A()||!e.k?l.value:u[e.k];if(i)$(O)&&Zs(O,r);else if($(O))O.includes(r)||O.push(r);else if(I)u[l]=[r],b(l)&&(d[l]=u[l]);else{const N=[r];A(l,e.k)&&(l.value=N),e.k&&(u[e.k]=N)}}else I?(u[l]=o,b(l)&&(d[l]=o)):B&&(A(l,e.k)&&(l.value=o),e.k&&(u[e.k]=o))};if(o){const O=()=>{L(),Yn.delete(e)};O.id=-1,Yn.set(e,O),_e(O,n)}else xi(e),L()}}}function xi(e){const t=Yn.get(e);t&&(t.flags|=8,Yn.delete(e))}ls().requestIdleCallback;ls().cancelIdleCallback;const bn=e=>!!e.type.__asyncLoader,ui=e=>e.type.__isKeepAlive;function io(e,t){oo(e,"a",t)}function ro(e,t){oo(e,"da",t)}function oo(e,t,n=be){const s=e.__wdc||(e.__wdc=()=>{let i=n;for(;i;){if(i.isDeactivated)return;i=i.parent}return e()});if(In(t,s,n),n){let i=n.parent;for(;i&&i.parent;)ui(i.parent.vnode)&&Za(s,t,n,i),i=i.parent}}function Za(e,t,n,s){const i=In(t,e,s,!0),r=In("um",()=>Zs(s[t],i),n);r.flags=16}function In(e,t,n=be,s=!1){if(n){const i=n[e]||(n[e]=[]),r=t.__weh||(t.__weh=(...o)=>{st();const a=Ln(n),l=Fe(t,n,e,o);return a(),it(),l});return s?i.unshift(r):i.push(r),r}}const bt=e=>(t,n=be)=>{(!Cn||e==="sp")&&In(e,(...s)=>t(...s),n)},el=bt("bm"),tl=bt("m"),nl=bt("bu"),sl=bt("u"),il=bt("bum"),ao=bt("um"),rl=bt("sp"),ol=bt("rtg"),al=bt("rtc");function ll(e,t=be){In("ec",e,t)}const cl="components";function Ai(e,t){return fl(cl,e,!0,t)||e}const ul=Symbol.for("v-ndc");function fl(e,t,n=!0,s=!1){const i=xe||be;if(i){const r=i.type;{const a=Jl(r,!1);if(a&&(a===t||a===Se(t)||a===as(Se(t))))return r}const o=Ci(i[e]||r[e],t)||Ci(i.appContext[e],t);return!o&&s?r:o}}function Ci(e,t){return e&&(e[t]||e[Se(t)]||e[as(Se(t))])}function vf(e,t,n,s){let i;const r=n,o=$(e);if(o||re(e)){const a=o&&Ot(e);let l=!1,f=!1;a&&(l=!Ce(e),f=rt(e),e=cs(e)),i=new Array(e.length);for(let u=0,d=e.length;u<d;u++)i[u]=t(l?f?Pt(ke(e[u])):ke(e[u]):e[u],u,void 0,r)}else if(typeof e=="number")if(!Number.isInteger(e)||e<0)i=[];else{i=new Array(e);for(let a=0;a<e;a++)i[a]=t(a+1,a,void 0,r)}else if(Q(e))if(e[Symbol.iterator])i=Array.from(e,(a,l)=>t(a,l,void 0,r));else{const a=Object.keys(e);i=new Array(a.length);for(let l=0,f=a.length;l<f;l++){const u=a[l];i[l]=t(e[u],u,l,r)}}else i=[];return i}const js=e=>e?Oo(e)?ms(e):js(e.parent):null,yn=he(Object.create(null),{$:e=>e,$el:e=>e.vnode.el,$data:e=>e.data,$props:e=>e.props,$attrs:e=>e.attrs,$slots:e=>e.slots,$refs:e=>e.refs,$parent:e=>js(e.parent),$root:e=>js(e.root),$host:e=>e.ce,$emit:e=>e.emit,$options:e=>co(e),$forceUpdate:e=>e.f||(e.f=()=>{ci(e.update)}),$nextTick:e=>e.n||(e.n=li.bind(e.proxy)),$watch:e=>Ja.bind(e)}),Ts=(e,t)=>e!==ee&&!e.__isScriptSetup&&q(e,t),dl={get({_:e},t){if(t==="__v_skip")return!0;const{ctx:n,setupState:s,data:i,props:r,accessCache:o,type:a,appContext:l}=e;if(t[0]!=="$"){const g=o[t];if(g!==void 0)switch(g){case 1:return s[t];case 2:return i[t];case 4:return n[t];case 3:return r[t]}else{if(Ts(s,t))return o[t]=1,s[t];if(i!==ee&&q(i,t))return o[t]=2,i[t];if(q(r,t))return o[t]=3,r[t];if(n!==ee&&q(n,t))return o[t]=4,n[t];Hs&&(o[t]=0)}}const f=yn[t];let u,d;if(f)return t==="$attrs"&&me(e.attrs,"get",""),f(e);if((u=a.__cssModules)&&(u=u[t]))return u;if(n!==ee&&q(n,t))return o[t]=4,n[t];if(d=l.config.globalProperties,q(d,t))return d[t]},set({_:e},t,n){const{data:s,setupState:i,ctx:r}=e;return Ts(i,t)?(i[t]=n,!0):s!==ee&&q(s,t)?(s[t]=n,!0):q(e.props,t)||t[0]==="$"&&t.slice(1)in e?!1:(r[t]=n,!0)},has({_:{data:e,setupState:t,accessCache:n,ctx:s,appContext:i,props:r,type:o}},a){let l;return!!(n[a]||e!==ee&&a[0]!=="$"&&q(e,a)||Ts(t,a)||q(r,a)||q(s,a)||q(yn,a)||q(i.config.globalProperties,a)||(l=o.__cssModules)&&l[a])},defineProperty(e,t,n){return n.get!=null?e._.accessCache[t]=0:q(n,"value")&&this.set(e,t,n.value,null),Reflect.defineProperty(e,t,n)}};function Oi(e){return $(e)?e.reduce((t,n)=>(t[n]=null,t),{}):e}let Hs=!0;function hl(e){const t=co(e),n=e.proxy,s=e.ctx;Hs=!1,t.beforeCreate&&Pi(t.beforeCreate,e,"bc");const{data:i,computed:r,methods:o,watch:a,provide:l,inject:f,created:u,beforeMount:d,mounted:g,beforeUpdate:b,updated:A,activated:I,deactivated:B,beforeDestroy:L,beforeUnmount:O,destroyed:N,unmounted:C,render:K,renderTracked:oe,renderTriggered:ne,errorCaptured:je,serverPrefetch:yt,expose:He,inheritAttrs:vt,components:Nt,directives:qe,filters:sn}=t;if(f&&pl(f,s,null),o)for(const J in o){const W=o[J];U(W)&&(s[J]=W.bind(n))}if(i){const J=i.call(n,n);Q(J)&&(e.data=$n(J))}if(Hs=!0,r)for(const J in r){const W=r[J],ot=U(W)?W.bind(n,n):U(W.get)?W.get.bind(n,n):nt,_t=!U(W)&&U(W.set)?W.set.bind(n):nt,Ge=Pe({get:ot,set:_t});Object.defineProperty(s,J,{enumerable:!0,configurable:!0,get:()=>Ge.value,set:ye=>Ge.value=ye})}if(a)for(const J in a)lo(a[J],s,n,J);if(l){const J=U(l)?l.call(n):l;Reflect.ownKeys(J).forEach(W=>{Gn(W,J[W])})}u&&Pi(u,e,"c");function pe(J,W){$(W)?W.forEach(ot=>J(ot.bind(n))):W&&J(W.bind(n))}if(pe(el,d),pe(tl,g),pe(nl,b),pe(sl,A),pe(io,I),pe(ro,B),pe(ll,je),pe(al,oe),pe(ol,ne),pe(il,O),pe(ao,C),pe(rl,yt),$(He))if(He.length){const J=e.exposed||(e.exposed={});He.forEach(W=>{Object.defineProperty(J,W,{get:()=>n[W],set:ot=>n[W]=ot,enumerable:!0})})}else e.exposed||(e.exposed={});K&&e.render===nt&&(e.render=K),vt!=null&&(e.inheritAttrs=vt),Nt&&(e.components=Nt),qe&&(e.directives=qe),yt&&so(e)}function pl(e,t,n=nt){$(e)&&(e=qs(e));for(const s in e){const i=e[s];let r;Q(i)?"default"in i?r=Ne(i.from||s,i.default,!0):r=Ne(i.from||s):r=Ne(i),de(r)?Object.defineProperty(t,s,{enumerable:!0,configurable:!0,get:()=>r.value,set:o=>r.value=o}):t[s]=r}}function Pi(e,t,n){Fe($(e)?e.map(s=>s.bind(t.proxy)):e.bind(t.proxy),t,n)}function lo(e,t,n,s){let i=s.includes(".")?to(n,s):()=>n[s];if(re(e)){const r=t[e];U(r)&&Qt(i,r)}else if(U(e))Qt(i,e.bind(n));else if(Q(e))if($(e))e.forEach(r=>lo(r,t,n,s));else{const r=U(e.handler)?e.handler.bind(n):t[e.handler];U(r)&&Qt(i,r,e)}}function co(e){const t=e.type,{mixins:n,extends:s}=t,{mixins:i,optionsCache:r,config:{optionMergeStrategies:o}}=e.appContext,a=r.get(t);let l;return a?l=a:!i.length&&!n&&!s?l=t:(l={},i.length&&i.forEach(f=>Xn(l,f,o,!0)),Xn(l,t,o)),Q(t)&&r.set(t,l),l}function Xn(e,t,n,s=!1){const{mixins:i,extends:r}=t;r&&Xn(e,r,n,!0),i&&i.forEach(o=>Xn(e,o,n,!0));for(const o in t)if(!(s&&o==="expose")){const a=gl[o]||n&&n[o];e[o]=a?a(e[o],t[o]):t[o]}return e}const gl={data:Ni,props:Di,emits:Di,methods:cn,computed:cn,beforeCreate:ve,created:ve,beforeMount:ve,mounted:ve,beforeUpdate:ve,updated:ve,beforeDestroy:ve,beforeUnmount:ve,destroyed:ve,unmounted:ve,activated:ve,deactivated:ve,errorCaptured:ve,serverPrefetch:ve,components:cn,directives:cn,watch:bl,provide:Ni,inject:ml};function Ni(e,t){return t?e?function(){return he(U(e)?e.call(this,this):e,U(t)?t.call(this,this):t)}:t:e}function ml(e,t){return cn(qs(e),qs(t))}function qs(e){if($(e)){const t={};for(let n=0;n<e.length;n++)t[e[n]]=e[n];return t}return e}function ve(e,t){return e?[...new Set([].concat(e,t))]:t}function cn(e,t){return e?he(Object.create(null),e,t):t}function Di(e,t){return e?$(e)&&$(t)?[...new Set([...e,...t])]:he(Object.create(null),Oi(e),Oi(t??{})):t}function bl(e,t){if(!e)return t;if(!t)return e;const n=he(Object.create(null),e);for(const s in t)n[s]=ve(e[s],t[s]);return n}function uo(){return{app:null,config:{isNativeTag:Rr,performance:!1,globalProperties:{},optionMergeStrategies:{},errorHandler:void 0,warnHandler:void 0,compilerOptions:{}},mixins:[],components:{},directives:{},provides:Object.create(null),optionsCache:new WeakMap,propsCache:new WeakMap,emitsCache:new WeakMap}}let yl=0;function vl(e,t){return function(s,i=null){U(s)||(s=he({},s)),i!=null&&!Q(i)&&(i=null);const r=uo(),o=new WeakSet,a=[];let l=!1;const f=r.app={_uid:yl++,_component:s,_props:i,_container:null,_context:r,_instance:null,version:Xl,get config(){return r.config},set config(u){},use(u,...d){return o.has(u)||(u&&U(u.install)?(o.add(u),u.install(f,...d)):U(u)&&(o.add(u),u(f,...d))),f},mixin(u){return r.mixins.includes(u)||r.mixins.push(u),f},component(u,d){return d?(r.components[u]=d,f):r.components[u]},directive(u,d){return d?(r.directives[u]=d,f):r.directives[u]},mount(u,d,g){if(!l){const b=f._ceVNode||Ee(s,i);return b.appContext=r,g===!0?g="svg":g===!1&&(g=void 0),e(b,u,g),l=!0,f._container=u,u.__vue_app__=f,ms(b.component)}},onUnmount(u){a.push(u)},unmount(){l&&(Fe(a,f._instance,16),e(null,f._container),delete f._container.__vue_app__)},provide(u,d){return r.provides[u]=d,f},runWithContext(u){const d=Jt;Jt=f;try{return u()}finally{Jt=d}}};return f}}let Jt=null;const _l=(e,t)=>t==="modelValue"||t==="model-value"?e.modelModifiers:e[`${t}Modifiers`]||e[`${Se(t)}Modifiers`]||e[`${jt(t)}Modifiers`];function wl(e,t,...n){if(e.isUnmounted)return;const s=e.vnode.props||ee;let i=n;const r=t.startsWith("update:"),o=r&&_l(s,t.slice(7));o&&(o.trim&&(i=n.map(u=>re(u)?u.trim():u)),o.number&&(i=i.map(kn)));let a,l=s[a=vs(t)]||s[a=vs(Se(t))];!l&&r&&(l=s[a=vs(jt(t))]),l&&Fe(l,e,6,i);const f=s[a+"Once"];if(f){if(!e.emitted)e.emitted={};else if(e.emitted[a])return;e.emitted[a]=!0,Fe(f,e,6,i)}}const Rl=new WeakMap;function fo(e,t,n=!1){const s=n?Rl:t.emitsCache,i=s.get(e);if(i!==void 0)return i;const r=e.emits;let o={},a=!1;if(!U(e)){const l=f=>{const u=fo(f,t,!0);u&&(a=!0,he(o,u))};!n&&t.mixins.length&&t.mixins.forEach(l),e.extends&&l(e.extends),e.mixins&&e.mixins.forEach(l)}return!r&&!a?(Q(e)&&s.set(e,null),null):($(r)?r.forEach(l=>o[l]=null):he(o,r),Q(e)&&s.set(e,o),o)}function ps(e,t){return!e||!ss(t)?!1:(t=t.slice(2),t=t==="Once"?t:t.replace(/Once$/,""),q(e,t[0].toLowerCase()+t.slice(1))||q(e,jt(t))||q(e,t))}function ki(e){const{type:t,vnode:n,proxy:s,withProxy:i,propsOptions:[r],slots:o,attrs:a,emit:l,render:f,renderCache:u,props:d,data:g,setupState:b,ctx:A,inheritAttrs:I}=e,B=Jn(e);let L,O;try{if(n.shapeFlag&4){const C=i||s,K=C;L=Ze(f.call(K,C,u,d,b,g,A)),O=a}else{const C=t;L=Ze(C.length>1?C(d,{attrs:a,slots:o,emit:l}):C(d,null)),O=t.props?a:El(a)}}catch(C){Ut.length=0,fs(C,e,1),L=Ee(Ue)}let N=L;if(O&&I!==!1){const C=Object.keys(O),{shapeFlag:K}=N;C.length&&K&7&&(r&&C.some(is)&&(O=Sl(O,r)),N=Xt(N,O,!1,!0))}if(n.dirs&&(N=Xt(N,null,!1,!0),N.dirs=N.dirs?N.dirs.concat(n.dirs):n.dirs),n.transition){const C=ds(N.type)&&no(N)||N;gn(C,n.transition)}return L=N,Jn(B),L}function ho(e,t=!0){let n;for(let s=0;s<e.length;s++){const i=e[s];if(xn(i)){if(i.type!==Ue||i.children==="v-if"){if(n)return;n=i}}else return}return n}const El=e=>{let t;for(const n in e)(n==="class"||n==="style"||ss(n))&&((t||(t={}))[n]=e[n]);return t},Sl=(e,t)=>{const n={};for(const s in e)(!is(s)||!(s.slice(9)in t))&&(n[s]=e[s]);return n};function Il(e,t,n){const{props:s,children:i,component:r}=e,{props:o,children:a,patchFlag:l}=t,f=r.emitsOptions;if(t.dirs||t.transition)return!0;if(n&&l>=0){if(l&1024)return!0;if(l&16)return s?$i(s,o,f):!!o;if(l&8){const u=t.dynamicProps;for(let d=0;d<u.length;d++){const g=u[d];if(po(o,s,g)&&!ps(f,g))return!0}}}else return(i||a)&&(!a||!a.$stable)?!0:s===o?!1:s?o?$i(s,o,f):!0:!!o;return!1}function $i(e,t,n){const s=Object.keys(t);if(s.length!==Object.keys(e).length)return!0;for(let i=0;i<s.length;i++){const r=s[i];if(!q(e,r)||po(t,e,r)&&!ps(n,r))return!0}return!1}function po(e,t,n){const s=e[n],i=t[n];return n==="style"&&Q(s)&&Q(i)?!mt(s,i):s!==i}function Tl({vnode:e,parent:t,suspense:n},s){for(;t;){const i=t.subTree;if(i.suspense&&i.suspense.activeBranch===e&&(i.suspense.vnode.el=i.el=s,e=i),i===e)(e=t.vnode).el=s,t=t.parent;else break}n&&n.activeBranch===e&&(n.vnode.el=s)}const go={},mo=()=>Object.create(go),bo=e=>Object.getPrototypeOf(e)===go;function xl(e,t,n,s=!1){const i={},r=mo();e.propsDefaults=Object.create(null),yo(e,t,i,r);for(const o in e.propsOptions[0])o in i||(i[o]=void 0);n?e.props=s?i:Gr(i):e.type.props?e.props=i:e.props=r,e.attrs=r}function Al(e,t,n,s){const{props:i,attrs:r,vnode:{patchFlag:o}}=e,a=H(i),[l]=e.propsOptions;let f=!1;if((s||o>0)&&!(o&16)){if(o&8){const u=e.vnode.dynamicProps;for(let d=0;d<u.length;d++){let g=u[d];if(ps(e.emitsOptions,g))continue;const b=t[g];if(l)if(q(r,g))b!==r[g]&&(r[g]=b,f=!0);else{const A=Se(g);i[A]=Gs(l,a,A,b,e,!1)}else b!==r[g]&&(r[g]=b,f=!0)}}}else{yo(e,t,i,r)&&(f=!0);let u;for(const d in a)(!t||!q(t,d)&&((u=jt(d))===d||!q(t,u)))&&(l?n&&(n[d]!==void 0||n[u]!==void 0)&&(i[d]=Gs(l,a,d,void 0,e,!0)):delete i[d]);if(r!==a)for(const d in r)(!t||!q(t,d))&&(delete r[d],f=!0)}f&&dt(e.attrs,"set","")}function yo(e,t,n,s){const[i,r]=e.propsOptions;let o=!1,a;if(t)for(let l in t){if(dn(l))continue;const f=t[l];let u;i&&q(i,u=Se(l))?!r||!r.includes(u)?n[u]=f:(a||(a={}))[u]=f:ps(e.emitsOptions,l)||(!(l in s)||f!==s[l])&&(s[l]=f,o=!0)}if(r){const l=H(n),f=a||ee;for(let u=0;u<r.length;u++){const d=r[u];n[d]=Gs(i,l,d,f[d],e,!q(f,d))}}return o}function Gs(e,t,n,s,i,r){const o=e[n];if(o!=null){const a=q(o,"default");if(a&&s===void 0){const l=o.default;if(o.type!==Function&&!o.skipFactory&&U(l)){const{propsDefaults:f}=i;if(n in f)s=f[n];else{const u=Ln(i);s=f[n]=l.call(null,t),u()}}else s=l;i.ce&&i.ce._setProp(n,s)}o[0]&&(r&&!a?s=!1:o[1]&&(s===""||s===jt(n))&&(s=!0))}return s}const Cl=new WeakMap;function vo(e,t,n=!1){const s=n?Cl:t.propsCache,i=s.get(e);if(i)return i;const r=e.props,o={},a=[];let l=!1;if(!U(e)){const u=d=>{l=!0;const[g,b]=vo(d,t,!0);he(o,g),b&&a.push(...b)};!n&&t.mixins.length&&t.mixins.forEach(u),e.extends&&u(e.extends),e.mixins&&e.mixins.forEach(u)}if(!r&&!l)return Q(e)&&s.set(e,Vt),Vt;if($(r))for(let u=0;u<r.length;u++){const d=Se(r[u]);Mi(d)&&(o[d]=ee)}else if(r)for(const u in r){const d=Se(u);if(Mi(d)){const g=r[u],b=o[d]=$(g)||U(g)?{type:g}:he({},g),A=b.type;let I=!1,B=!0;if($(A))for(let L=0;L<A.length;++L){const O=A[L],N=U(O)&&O.name;if(N==="Boolean"){I=!0;break}else N==="String"&&(B=!1)}else I=U(A)&&A.name==="Boolean";b[0]=I,b[1]=B,(I||q(b,"default"))&&a.push(d)}}const f=[o,a];return Q(e)&&s.set(e,f),f}function Mi(e){return e[0]!=="$"&&!dn(e)}const fi=e=>e==="_"||e==="_ctx"||e==="$stable",di=e=>$(e)?e.map(Ze):[Ze(e)],Ol=(e,t,n)=>{if(t._n)return t;const s=Wt((...i)=>di(t(...i)),n);return s._c=!1,s},_o=(e,t,n)=>{const s=e._ctx;for(const i in e){if(fi(i))continue;const r=e[i];if(U(r))t[i]=Ol(i,r,s);else if(r!=null){const o=di(r);t[i]=()=>o}}},wo=(e,t)=>{const n=di(t);e.slots.default=()=>n},Ro=(e,t,n)=>{for(const s in t)(n||!fi(s))&&(e[s]=t[s])},Pl=(e,t,n)=>{const s=e.slots=mo();if(e.vnode.shapeFlag&32){const i=t._;i?(Ro(s,t,n),n&&Tr(s,"_",i,!0)):_o(t,s)}else t&&wo(e,t)},Nl=(e,t,n)=>{const{vnode:s,slots:i}=e;let r=!0,o=ee;if(s.shapeFlag&32){const a=t._;a?n&&a===1?r=!1:Ro(i,t,n):(r=!t.$stable,_o(t,i)),o=t}else t&&(wo(e,t),o={default:1});if(r)for(const a in i)!fi(a)&&o[a]==null&&delete i[a]},_e=Vl;function Dl(e){return kl(e)}function kl(e,t){const n=ls();n.__VUE__=!0;const{insert:s,remove:i,patchProp:r,createElement:o,createText:a,createComment:l,setText:f,setElementText:u,parentNode:d,nextSibling:g,setScopeId:b=nt,insertStaticContent:A}=e,I=(c,h,p,m=null,y=null,_=null,R=void 0,S=null,E=!!h.dynamicChildren)=>{if(c===h)return;c&&!on(c,h)&&(m=v(c),ye(c,y,_,!0),c=null),h.patchFlag===-2&&(E=!1,h.dynamicChildren=null),h.dynamicChildren&&c&&c.dynamicChildren&&c.dynamicChildren.hasOnce&&(h.dynamicChildren===Vt&&(h.dynamicChildren=[]),h.dynamicChildren.hasOnce=!0);const{type:w,ref:D,shapeFlag:x}=h;switch(w){case gs:B(c,h,p,m);break;case Ue:L(c,h,p,m);break;case As:c==null&&O(h,p,m,R);break;case Le:Nt(c,h,p,m,y,_,R,S,E);break;default:x&1?K(c,h,p,m,y,_,R,S,E):x&6?qe(c,h,p,m,y,_,R,S,E):(x&64||x&128)&&w.process(c,h,p,m,y,_,R,S,E,T)}D!=null&&y?mn(D,c&&c.ref,_,h||c,!h):D==null&&c&&c.ref!=null&&mn(c.ref,null,_,c,!0)},B=(c,h,p,m)=>{if(c==null)s(h.el=a(h.children),p,m);else{const y=h.el=c.el;h.children!==c.children&&f(y,h.children)}},L=(c,h,p,m)=>{c==null?s(h.el=l(h.children||""),p,m):h.el=c.el},O=(c,h,p,m)=>{[c.el,c.anchor]=A(c.children,h,p,m,c.el,c.anchor)},N=({el:c,anchor:h},p,m)=>{let y;for(;c&&c!==h;)y=g(c),s(c,p,m),c=y;s(h,p,m)},C=({el:c,anchor:h})=>{let p;for(;c&&c!==h;)p=g(c),i(c),c=p;i(h)},K=(c,h,p,m,y,_,R,S,E)=>{if(h.type==="svg"?R="svg":h.type==="math"&&(R="mathml"),c==null)oe(h,p,m,y,_,R,S,E);else{const w=c.el&&c.el._isVueCE?c.el:null;try{w&&w._beginPatch(),yt(c,h,y,_,R,S,E)}finally{w&&w._endPatch()}}},oe=(c,h,p,m,y,_,R,S)=>{let E,w;const{props:D,shapeFlag:x,transition:k,dirs:V}=c;if(E=c.el=o(c.type,_,D&&D.is,D),x&8?u(E,c.children):x&16&&je(c.children,E,null,m,y,xs(c,_),R,S),V&&$t(c,null,m,"created"),ne(E,c,c.scopeId,R,m),D){for(const Z in D)Z!=="value"&&!dn(Z)&&r(E,Z,null,D[Z],_,m);"value"in D&&r(E,"value",null,D.value,_),(w=D.onVnodeBeforeMount)&&ze(w,m,c)}V&&$t(c,null,m,"beforeMount");const j=$l(y,k);j?k.beforeEnter(E):k&&!k.persisted&&(E[Ll]=!0),s(E,h,p),((w=D&&D.onVnodeMounted)||j||V)&&_e(()=>{try{w&&ze(w,m,c),j&&k.enter(E),V&&$t(c,null,m,"mounted")}finally{}},y)},ne=(c,h,p,m,y)=>{if(p&&b(c,p),m)for(let _=0;_<m.length;_++)b(c,m[_]);if(y){let _=y.subTree;if(h===_||Io(_.type)&&(_.ssContent===h||_.ssFallback===h)){const R=y.vnode;ne(c,R,R.scopeId,R.slotScopeIds,y.parent)}}},je=(c,h,p,m,y,_,R,S,E=0)=>{for(let w=E;w<c.length;w++){const D=c[w]=S?ft(c[w]):Ze(c[w]);I(null,D,h,p,m,y,_,R,S)}},yt=(c,h,p,m,y,_,R)=>{const S=h.el=c.el;let{patchFlag:E,dynamicChildren:w,dirs:D}=h;E|=c.patchFlag&16;const x=c.props||ee,k=h.props||ee;let V;if(p&&Mt(p,!1),(V=k.onVnodeBeforeUpdate)&&ze(V,p,h,c),D&&$t(h,c,p,"beforeUpdate"),p&&Mt(p,!0),w&&(!c.dynamicChildren||c.dynamicChildren.length!==w.length)&&(E=0,R=!1,w=null),(x.innerHTML&&k.innerHTML==null||x.textContent&&k.textContent==null)&&u(S,""),w?He(c.dynamicChildren,w,S,p,m,xs(h,y),_):R||W(c,h,S,null,p,m,xs(h,y),_,!1),E>0){if(E&16)vt(S,x,k,p,y);else if(E&2&&x.class!==k.class&&r(S,"class",null,k.class,y),E&4&&r(S,"style",x.style,k.style,y),E&8){const j=h.dynamicProps;for(let Z=0;Z<j.length;Z++){const Y=j[Z],le=x[Y],ge=k[Y];(ge!==le||Y==="value")&&r(S,Y,le,ge,y,p)}}E&1&&c.children!==h.children&&u(S,h.children)}else!R&&w==null&&vt(S,x,k,p,y);((V=k.onVnodeUpdated)||D)&&_e(()=>{V&&ze(V,p,h,c),D&&$t(h,c,p,"updated")},m)},He=(c,h,p,m,y,_,R)=>{for(let S=0;S<h.length;S++){const E=c[S],w=h[S],D=E.el||vn(E),x=D&&(E.type===Le||!on(E,w)||E.shapeFlag&198)?d(D):p;I(E,w,x,null,m,y,_,R,!0)}},vt=(c,h,p,m,y)=>{if(h!==p){if(h!==ee)for(const _ in h)!dn(_)&&!(_ in p)&&r(c,_,h[_],null,y,m);for(const _ in p){if(dn(_))continue;const R=p[_],S=h[_];R!==S&&_!=="value"&&r(c,_,S,R,y,m)}"value"in p&&r(c,"value",h.value,p.value,y)}},Nt=(c,h,p,m,y,_,R,S,E)=>{const w=h.el=c?c.el:a(""),D=h.anchor=c?c.anchor:a("");let{patchFlag:x,dynamicChildren:k,slotScopeIds:V}=h;V&&(S=S?S.concat(V):V),c==null?(s(w,p,m),s(D,p,m),je(h.children||[],p,D,y,_,R,S,E)):x>0&&x&64&&k&&c.dynamicChildren&&c.dynamicChildren.length===k.length?(He(c.dynamicChildren,k,p,y,_,R,S),(h.key!=null||y&&h===y.subTree)&&Eo(c,h,!0)):W(c,h,p,D,y,_,R,S,E)},qe=(c,h,p,m,y,_,R,S,E)=>{h.slotScopeIds=S,c==null?h.shapeFlag&512?y.ctx.activate(h,p,m,R,E):sn(h,p,m,y,_,R,E):Ht(c,h,E)},sn=(c,h,p,m,y,_,R)=>{const S=c.component=ql(c,m,y);if(ui(c)&&(S.ctx.renderer=T),Kl(S,!1,R),S.asyncDep){if(y&&y.registerDep(S,pe,R,_),!c.el){const E=S.subTree=Ee(Ue);L(null,E,h,p),c.placeholder=E.el}}else pe(S,c,h,p,y,_,R)},Ht=(c,h,p)=>{const m=h.component=c.component;if(Il(c,h,p))if(m.asyncDep&&!m.asyncResolved){h.el=c.el,h.placeholder=c.placeholder,J(m,h,p);return}else m.next=h,m.update();else h.el=c.el,h.placeholder=c.placeholder,m.vnode=h},pe=(c,h,p,m,y,_,R)=>{const S=()=>{if(c.isMounted){let{next:x,bu:k,u:V,parent:j,vnode:Z}=c;{const Ke=So(c);if(Ke){x&&(x.el=Z.el,J(c,x,R)),Ke.asyncDep.then(()=>{const at=()=>{c.job.flags&8||(y&&y.pendingBranch?_e(at,y):w())};at.flags=48,_e(at,y)});return}}let Y=x,le;Mt(c,!1),x?(x.el=Z.el,J(c,x,R)):x=Z,k&&qn(k),(le=x.props&&x.props.onVnodeBeforeUpdate)&&ze(le,j,x,Z),Mt(c,!0);const ge=ki(c),$e=c.subTree;c.subTree=ge,I($e,ge,d($e.el||vn($e)),v($e),c,y,_),x.el=ge.el,Y===null&&Tl(c,ge.el),V&&_e(V,y),(le=x.props&&x.props.onVnodeUpdated)&&_e(()=>ze(le,j,x,Z),y)}else{let x;const{el:k,props:V}=h,{bm:j,m:Z,parent:Y,root:le,type:ge}=c,$e=bn(h);Mt(c,!1),j&&qn(j),!$e&&(x=V&&V.onVnodeBeforeMount)&&ze(x,Y,h),Mt(c,!0);{le.ce&&le.ce._hasShadowRoot()&&le.ce._injectChildStyle(ge,c.parent?c.parent.type:void 0);const Ke=c.subTree=ki(c);I(null,Ke,p,m,c,y,_),h.el=Ke.el}if(Z&&_e(Z,y),!$e&&(x=V&&V.onVnodeMounted)){const Ke=h;_e(()=>ze(x,Y,Ke),y)}(h.shapeFlag&256||Y&&bn(Y.vnode)&&Y.vnode.shapeFlag&256)&&c.a&&_e(c.a,y),c.isMounted=!0,h=p=m=null}};c.scope.on();const E=c.effect=new Or(S);c.scope.off();const w=c.update=E.run.bind(E),D=c.job=E.runIfDirty.bind(E);D.i=c,D.id=c.uid,E.scheduler=()=>ci(D),Mt(c,!0),w()},J=(c,h,p)=>{h.component=c;const m=c.vnode.props;c.vnode=h,c.next=null,Al(c,h.props,m,p),Nl(c,h.children,p),st(),Jr(c),it()},W=(c,h,p,m,y,_,R,S,E=!1)=>{const w=c&&c.children,D=c?c.shapeFlag:0,x=h.children,{patchFlag:k,shapeFlag:V}=h;if(k>0){if(k&128){_t(w,x,p,m,y,_,R,S,E);return}else if(k&256){ot(w,x,p,m,y,_,R,S,E);return}}V&8?(D&16&&Oe(w,y,_),x!==w&&u(p,x)):D&16?V&16?_t(w,x,p,m,y,_,R,S,E):Oe(w,y,_,!0):(D&8&&u(p,""),V&16&&je(x,p,m,y,_,R,S,E))},ot=(c,h,p,m,y,_,R,S,E)=>{c=c||Vt,h=h||Vt;const w=c.length,D=h.length,x=Math.min(w,D);let k;for(k=0;k<x;k++){const V=h[k]=E?ft(h[k]):Ze(h[k]);I(c[k],V,p,null,y,_,R,S,E)}w>D?Oe(c,y,_,!0,!1,x):je(h,p,m,y,_,R,S,E,x)},_t=(c,h,p,m,y,_,R,S,E)=>{let w=0;const D=h.length;let x=c.length-1,k=D-1;for(;w<=x&&w<=k;){const V=c[w],j=h[w]=E?ft(h[w]):Ze(h[w]);if(on(V,j))I(V,j,p,null,y,_,R,S,E);else break;w++}for(;w<=x&&w<=k;){const V=c[x],j=h[k]=E?ft(h[k]):Ze(h[k]);if(on(V,j))I(V,j,p,null,y,_,R,S,E);else break;x--,k--}if(w>x){if(w<=k){const V=k+1,j=V<D?h[V].el:m;for(;w<=k;)I(null,h[w]=E?ft(h[w]):Ze(h[w]),p,j,y,_,R,S,E),w++}}else if(w>k)for(;w<=x;)ye(c[w],y,_,!0),w++;else{const V=w,j=w,Z=new Map;for(w=j;w<=k;w++){const Ie=h[w]=E?ft(h[w]):Ze(h[w]);Ie.key!=null&&Z.set(Ie.key,w)}let Y,le=0;const ge=k-j+1;let $e=!1,Ke=0;const at=new Array(ge);for(w=0;w<ge;w++)at[w]=0;for(w=V;w<=x;w++){const Ie=c[w];if(le>=ge){ye(Ie,y,_,!0);continue}let We;if(Ie.key!=null)We=Z.get(Ie.key);else for(Y=j;Y<=k;Y++)if(at[Y-j]===0&&on(Ie,h[Y])){We=Y;break}We===void 0?ye(Ie,y,_,!0):(at[We-j]=w+1,We>=Ke?Ke=We:$e=!0,I(Ie,h[We],p,null,y,_,R,S,E),le++)}const gi=$e?Ml(at):Vt;for(Y=gi.length-1,w=ge-1;w>=0;w--){const Ie=j+w,We=h[Ie],mi=h[Ie+1],bi=Ie+1<D?mi.el||vn(mi):m;at[w]===0?I(null,We,p,bi,y,_,R,S,E):$e&&(Y<0||w!==gi[Y]?Ge(We,p,bi,2):Y--)}}},Ge=(c,h,p,m,y=null)=>{const{el:_,type:R,transition:S,children:E,shapeFlag:w}=c;if(w&6){Ge(c.component.subTree,h,p,m);return}if(w&128){c.suspense.move(h,p,m);return}if(w&64){R.move(c,h,p,T);return}if(R===Le){s(_,h,p);for(let x=0;x<E.length;x++)Ge(E[x],h,p,m);s(c.anchor,h,p);return}if(R===As){N(c,h,p);return}if(m!==2&&w&1&&S)if(m===0)S.persisted&&!_[Is]?s(_,h,p):(S.beforeEnter(_),s(_,h,p),_e(()=>S.enter(_),y));else{const{leave:x,delayLeave:k,afterLeave:V}=S,j=()=>{c.ctx.isUnmounted?i(_):s(_,h,p)},Z=()=>{const Y=_._isLeaving||!!_[Is];_._isLeaving&&_[Is](!0),S.persisted&&!Y?j():x(_,()=>{j(),V&&V()})};k?k(_,j,Z):Z()}else s(_,h,p)},ye=(c,h,p,m=!1,y=!1)=>{const{type:_,props:R,ref:S,children:E,dynamicChildren:w,shapeFlag:D,patchFlag:x,dirs:k,cacheIndex:V,memo:j}=c;if((x===-2||w&&w.hasOnce)&&(y=!1),S!=null&&(st(),mn(S,null,p,c,!0),it()),V!=null&&(!c.ctx||c.ctx===h)&&(h.renderCache[V]=void 0),D&256&&h.ctx.deactivate(c))return;const Z=D&1&&k,Y=!bn(c);let le;if(Y&&(le=R&&R.onVnodeBeforeUnmount)&&ze(le,h,c),D&6)kt(c.component,p,m);else{if(D&128){c.suspense.unmount(p,m);return}Z&&$t(c,null,h,"beforeUnmount"),D&64?c.type.remove(c,h,p,T,m):w&&!w.hasOnce&&(_!==Le||x>0&&x&64)?Oe(w,h,p,!1,!0):(_===Le&&x&384||!y&&D&16)&&Oe(E,h,p),m&&qt(c)}const ge=j!=null&&V==null;(Y&&(le=R&&R.onVnodeUnmounted)||Z||ge)&&_e(()=>{le&&ze(le,h,c),Z&&$t(c,null,h,"unmounted"),ge&&(c.el=null)},p)},qt=c=>{const{type:h,el:p,anchor:m,transition:y}=c,_=h===Le;if(_&&!y){Dt(p,m);return}if(h===As){C(c),y&&!y.persisted&&y.afterLeave&&y.afterLeave();return}const R=_?Bs(c):c,S=()=>{_?d(p)&&Dt(p,m):i(p),y&&!y.persisted&&y.afterLeave&&y.afterLeave()};if(R&&R.shapeFlag&1&&y&&!y.persisted){const{leave:E,delayLeave:w}=y,D=R.el,x=()=>E(D,S);w?w(D,S,x):x()}else S()},Dt=(c,h)=>{let p;for(;c!==h;)p=g(c),i(c),c=p;i(h)},kt=(c,h,p)=>{const{bum:m,scope:y,job:_,subTree:R,um:S,m:E,a:w}=c;Li(E),Li(w),m&&qn(m),y.stop(),_?(_.flags|=8,ye(R,c,h,p)):R&&(R.transition=c.vnode.transition,ye(R,c,h,p)),S&&_e(S,h);const D=()=>{c.isUnmounted=!0};D.flags=16,_e(D,h)},Oe=(c,h,p,m=!1,y=!1,_=0)=>{for(let R=_;R<c.length;R++)ye(c[R],h,p,m,y)},v=c=>{if(c.shapeFlag&6)return v(c.component.subTree);if(c.shapeFlag&128)return c.suspense.next();const h=g(c.anchor||c.el),p=h&&h[Ya];return p?g(p):h},P=(c,h,p)=>{const m=c&&h._vnode?void 0:c&&c.component?c.component.uid:Hl();Wa(()=>{c==null?h._vnode&&ye(h._vnode,null,null,!0):I(h._vnode||null,c,h,null,null,null,p),h._vnode=c},m)},T={p:I,um:ye,m:Ge,r:qt,mt:sn,mc:je,pc:W,pbc:He,n:v,o:e};return{render:P,hydrate:void 0,createApp:vl(P)}}function xs({type:e,props:t},n){return n==="svg"&&e==="foreignObject"||n==="mathml"&&e==="annotation-xml"&&t&&t.encoding&&t.encoding.includes("html")?void 0:n}function Mt({effect:e,job:t},n){n?(e.flags|=32,t.flags|=4):(e.flags&=-33,t.flags&=-5)}function $l(e,t){return(!e||e&&!e.pendingBranch)&&t&&!t.persisted}function Eo(e,t,n=!1){const s=e.children,i=t.children;if($(s)&&$(i))for(let r=0;r<s.length;r++){const o=s[r];let a=i[r];a.shapeFlag&1&&!a.dynamicChildren&&((a.patchFlag<=0||a.patchFlag===32)&&(a=i[r]=ft(i[r]),a.el=o.el),!n&&a.patchFlag!==-2&&Eo(o,a)),a.type===gs&&(a.patchFlag===-1&&(a=i[r]=ft(a)),a.el=o.el),a.type===Ue&&!a.el&&(a.el=o.el)}}function Ml(e){const t=e.slice(),n=[0];let s,i,r,o,a;const l=e.length;for(s=0;s<l;s++){const f=e[s];if(f!==0){if(i=n[n.length-1],e[i]<f){t[s]=i,n.push(s);continue}for(r=0,o=n.length-1;r<o;)a=r+o>>1,e[n[a]]<f?r=a+1:o=a;f<e[n[r]]&&(r>0&&(t[s]=n[r-1]),n[r]=s)}}for(r=n.length,o=n[r-1];r-- >0;)n[r]=o,o=t[o];return n}function So(e){const t=e.subTree.component;if(t)return t.asyncDep&&!t.asyncResolved?t:So(t)}function Li(e){if(e)for(let t=0;t<e.length;t++)e[t].flags|=8}function vn(e){if(e.placeholder)return e.placeholder;const t=e.component;if(t)return vn(t.subTree);const n=e.suspense;return n&&n.activeBranch?vn(n.activeBranch):null}const Io=e=>e.__isSuspense,Ll=Symbol("_deferredEnter");function Vl(e,t){t&&t.pendingBranch?$(e)?t.effects.push(...e):t.effects.push(e):Ka(e)}const Le=Symbol.for("v-fgt"),gs=Symbol.for("v-txt"),Ue=Symbol.for("v-cmt"),As=Symbol.for("v-stc"),Ut=[];let Ae=null;function Te(e=!1){Ut.push(Ae=e?null:[])}function To(){Ut.pop(),Ae=Ut[Ut.length-1]||null}let Tn=1;function Zn(e,t=!1){Tn+=e,e<0&&Ae&&t&&(Ae.hasOnce=!0)}function xo(e){return e.dynamicChildren=Tn>0?Ae||Vt:null,To(),Tn>0&&Ae&&Ae.push(e),e}function Tt(e,t,n,s,i,r){return xo(ae(e,t,n,s,i,r,!0))}function un(e,t,n,s,i){return xo(Ee(e,t,n,s,i,!0))}function xn(e){return e?e.__v_isVNode===!0:!1}function on(e,t){return e.type===t.type&&e.key===t.key}const Ao=({key:e})=>e??null,Kn=({ref:e,ref_key:t,ref_for:n})=>(typeof e=="number"&&(e=""+e),e!=null?re(e)||de(e)||U(e)?{i:xe,r:e,k:t,f:!!n}:e:null);function ae(e,t=null,n=null,s=0,i=null,r=e===Le?0:1,o=!1,a=!1){const l={__v_isVNode:!0,__v_skip:!0,type:e,props:t,key:t&&Ao(t),ref:t&&Kn(t),scopeId:Zr,slotScopeIds:null,children:n,component:null,suspense:null,ssContent:null,ssFallback:null,dirs:null,transition:null,el:null,anchor:null,target:null,targetStart:null,targetAnchor:null,staticCount:0,shapeFlag:r,patchFlag:s,dynamicProps:i,dynamicChildren:null,appContext:null,ctx:xe};return a?(es(l,n),r&128&&e.normalize(l)):n&&(l.shapeFlag|=re(n)?8:16),Tn>0&&!o&&Ae&&(l.patchFlag>0||r&6)&&l.patchFlag!==32&&Ae.push(l),l}const Ee=Fl;function Fl(e,t=null,n=null,s=0,i=null,r=!1){if((!e||e===ul)&&(e=Ue),xn(e)){const a=Xt(e,t,!0);return n&&es(a,n),Tn>0&&!r&&Ae&&(a.shapeFlag&6?Ae[Ae.indexOf(e)]=a:Ae.push(a)),a.patchFlag=-2,a}if(Yl(e)&&(e=e.__vccOpts),t){t=Ul(t);let{class:a,style:l}=t;a&&!re(a)&&(t.class=Yt(a)),Q(l)&&(us(l)&&!$(l)&&(l=he({},l)),t.style=ei(l))}const o=re(e)?1:Io(e)?128:ds(e)?64:Q(e)?4:U(e)?2:0;return ae(e,t,n,s,i,o,r,!0)}function Ul(e){return e?us(e)?he({},e):bo(e)?he({},e[No]||e):e:null}function Xt(e,t,n=!1,s=!1){const{props:i,ref:r,patchFlag:o,children:a,transition:l}=e,f=t?Bl(i||{},t):i,u={__v_isVNode:!0,__v_skip:!0,type:e.type,props:f,key:f&&Ao(f),ref:t&&t.ref?n&&r?$(r)?r.concat(Kn(t)):[r,Kn(t)]:Kn(t):r,scopeId:e.scopeId,slotScopeIds:e.slotScopeIds,children:a,target:e.target,targetStart:e.targetStart,targetAnchor:e.targetAnchor,staticCount:e.staticCount,shapeFlag:e.shapeFlag,patchFlag:t&&e.type!==Le?o===-1?16:o|16:o,dynamicProps:e.dynamicProps,dynamicChildren:e.dynamicChildren,appContext:e.appContext,dirs:e.dirs,transition:l,component:e.component,suspense:e.suspense,ssContent:e.ssContent&&Xt(e.ssContent),ssFallback:e.ssFallback&&Xt(e.ssFallback),placeholder:e.placeholder,el:e.el,anchor:e.anchor,ctx:e.ctx,ce:e.ce,cacheIndex:e.cacheIndex};return l&&s&&gn(u,l.clone(u)),u}function pt(e=" ",t=0){return Ee(gs,null,e,t)}function Xe(e="",t=!1){return t?(Te(),un(Ue,null,e)):Ee(Ue,null,e)}function Ze(e){return e==null||typeof e=="boolean"?Ee(Ue):$(e)?Ee(Le,null,e.slice()):xn(e)?ft(e):Ee(gs,null,String(e))}function ft(e){return e.el===null&&e.patchFlag!==-1||e.memo?e:Xt(e)}function es(e,t){let n=0;const{shapeFlag:s}=e;if(t==null)t=null;else if($(t))n=16;else if(typeof t=="object")if(s&65){const i=t.default;i&&(i._c&&(i._d=!1),es(e,i()),i._c&&(i._d=!0));return}else{n=32;const i=t._;!i&&!bo(t)?t._ctx=xe:i===3&&xe&&(xe.slots._===1?t._=1:(t._=2,e.patchFlag|=1024))}else if(U(t)){if(s&65){es(e,{default:t});return}t={default:t,_ctx:xe},n=32}else t=String(t),s&64?(n=16,t=[pt(t)]):n=8;e.children=t,e.shapeFlag|=n}function Bl(...e){const t={};for(let n=0;n<e.length;n++){const s=e[n];for(const i in s)if(i==="class")t.class!==s.class&&(t.class=Yt([t.class,s.class]));else if(i==="style")t.style=ei([t.style,s.style]);else if(ss(i)){const r=t[i],o=s[i];o&&r!==o&&!($(r)&&r.includes(o))?t[i]=r?[].concat(r,o):o:o==null&&r==null&&!is(i)&&(t[i]=o)}else i!==""&&(t[i]=s[i])}return t}function ze(e,t,n,s=null){Fe(e,t,7,[n,s])}const jl=uo();let Co=0;function Hl(){return Co}function ql(e,t,n){const s=e.type,i=(t?t.appContext:e.appContext)||jl,r={uid:Co++,vnode:e,type:s,parent:t,appContext:i,root:null,next:null,subTree:null,effect:null,update:null,job:null,scope:new pa(!0),render:null,proxy:null,exposed:null,exposeProxy:null,withProxy:null,provides:t?t.provides:Object.create(i.provides),ids:t?t.ids:["",0,0],accessCache:null,renderCache:[],components:null,directives:null,propsOptions:vo(s,i),emitsOptions:fo(s,i),emit:null,emitted:null,propsDefaults:ee,inheritAttrs:s.inheritAttrs,ctx:ee,data:ee,props:ee,attrs:ee,slots:ee,refs:ee,setupState:ee,setupContext:null,suspense:n,suspenseId:n?n.pendingId:0,asyncDep:null,asyncResolved:!1,isMounted:!1,isUnmounted:!1,isDeactivated:!1,bc:null,c:null,bm:null,m:null,bu:null,u:null,um:null,bum:null,da:null,a:null,rtg:null,rtc:null,ec:null,sp:null};return r.ctx={_:r},r.root=t?t.root:r,r.emit=wl.bind(null,r),e.ce&&e.ce(r),r}let be=null;const Gl=()=>be||xe;let ts,An;{const e=ls(),t=(n,s)=>{let i;return(i=e[n])||(i=e[n]=[]),i.push(s),r=>{i.length>1?i.forEach(o=>o(r)):i[0](r)}};ts=t("__VUE_INSTANCE_SETTERS__",n=>be=n),An=t("__VUE_SSR_SETTERS__",n=>Cn=n)}const Ln=e=>{const t=be;return ts(e),e.scope.on(),()=>{e.scope.off(),ts(t)}},Vi=()=>{be&&be.scope.off(),ts(null)};function Oo(e){return e.vnode.shapeFlag&4}let Cn=!1;function Kl(e,t=!1,n=!1){t&&An(t);const{props:s,children:i}=e.vnode,r=Oo(e);xl(e,s,r,t),Pl(e,i,n||t);const o=r?Wl(e,t):void 0;return t&&An(!1),o}function Wl(e,t){const n=e.type;e.accessCache=Object.create(null),e.proxy=new Proxy(e.ctx,dl);const{setup:s}=n;if(s){st();const i=e.setupContext=s.length>1?Ql(e):null,r=Ln(e),o=Mn(s,e,0,[e.props,i]),a=Er(o);if(it(),r(),(a||e.sp)&&!bn(e)&&so(e),a){if(o.then(Vi,Vi),t)return o.then(l=>{An(!0);try{Fi(e,l,t)}finally{An(!1)}}).catch(l=>{fs(l,e,0,void 0,!0),e.ssrRender=(f,u)=>u("<!---->")});e.asyncDep=o}else Fi(e,o)}else Po(e)}function Fi(e,t,n){U(t)?e.type.__ssrInlineRender?e.ssrRender=t:e.render=t:Q(t)&&(e.setupState=Wr(t)),Po(e)}function Po(e,t,n){const s=e.type;e.render||(e.render=s.render||nt);{const i=Ln(e);st();try{hl(e)}finally{it(),i()}}}const No=Symbol(),zl={get(e,t){return me(e,"get",""),t===No?e:e[t]}};function Ql(e){const t=n=>{e.exposed=n||{}};return{attrs:new Proxy(e.attrs,zl),slots:e.slots,emit:e.emit,expose:t}}function ms(e){return e.exposed?e.exposeProxy||(e.exposeProxy=new Proxy(Wr(Da(e.exposed)),{get(t,n){if(n in t)return t[n];if(n in yn)return yn[n](e)},has(t,n){return n in t||n in yn}})):e.proxy}function Jl(e,t=!0){return U(e)?e.displayName||e.name:e.name||t&&e.__name}function Yl(e){return U(e)&&"__vccOpts"in e}const Pe=(e,t)=>Ba(e,t,Cn);function Do(e,t,n){try{Zn(-1);const s=arguments.length;return s===2?Q(t)&&!$(t)?xn(t)?Ee(e,null,[t]):Ee(e,t):Ee(e,null,t):(s>3?n=Array.prototype.slice.call(arguments,2):s===3&&xn(n)&&(n=[n]),Ee(e,t,n))}finally{Zn(1)}}const Xl="3.5.45";/**
* @vue/runtime-dom v3.5.45
* (c) 2018-present Yuxi (Evan) You and Vue contributors
* @license MIT
**/let Ks;const Ui=typeof window<"u"&&window.trustedTypes;if(Ui)try{Ks=Ui.createPolicy("vue",{createHTML:e=>e})}catch{}const ko=Ks?e=>Ks.createHTML(e):e=>e,Zl="http://www.w3.org/2000/svg",ec="http://www.w3.org/1998/Math/MathML",ut=typeof document<"u"?document:null,Bi=ut&&ut.createElement("template"),tc={insert:(e,t,n)=>{t.insertBefore(e,n||null)},remove:e=>{const t=e.parentNode;t&&t.removeChild(e)},createElement:(e,t,n,s)=>{const i=t==="svg"?ut.createElementNS(Zl,e):t==="mathml"?ut.createElementNS(ec,e):n?ut.createElement(e,{is:n}):ut.createElement(e);return e==="select"&&s&&s.multiple!=null&&i.setAttribute("multiple",s.multiple),i},createText:e=>ut.createTextNode(e),createComment:e=>ut.createComment(e),setText:(e,t)=>{e.nodeValue=t},setElementText:(e,t)=>{e.textContent=t},parentNode:e=>e.parentNode,nextSibling:e=>e.nextSibling,querySelector:e=>ut.querySelector(e),setScopeId(e,t){e.setAttribute(t,"")},insertStaticContent(e,t,n,s,i,r){const o=n?n.previousSibling:t.lastChild;if(i&&(i===r||i.nextSibling))for(;t.insertBefore(i.cloneNode(!0),n),!(i===r||!(i=i.nextSibling)););else{Bi.innerHTML=ko(s==="svg"?`<svg>${e}</svg>`:s==="mathml"?`<math>${e}</math>`:e);const a=Bi.content;if(s==="svg"||s==="mathml"){const l=a.firstChild;for(;l.firstChild;)a.appendChild(l.firstChild);a.removeChild(l)}t.insertBefore(a,n)}return[o?o.nextSibling:t.firstChild,n?n.previousSibling:t.lastChild]}},nc=Symbol("_vtc");function sc(e,t,n){const s=e[nc];s&&(t=(t?[t,...s]:[...s]).join(" ")),t==null?e.removeAttribute("class"):n?e.setAttribute("class",t):e.className=t}const ji=Symbol("_vod"),ic=Symbol("_vsh"),rc=Symbol(""),oc=/(?:^|;)\s*display\s*:/;function ac(e,t,n){const s=e.style,i=re(n);let r=!1;if(n&&!i){if(t)if(re(t))for(const o of t.split(";")){const a=o.slice(0,o.indexOf(":")).trim();n[a]==null&&fn(s,a,"")}else for(const o in t)n[o]==null&&fn(s,o,"");for(const o in n){o==="display"&&(r=!0);const a=n[o];a!=null?cc(e,o,!re(t)&&t?t[o]:void 0,a)||fn(s,o,a):fn(s,o,"")}}else if(i){if(t!==n){const o=s[rc];o&&(n+=";"+o),s.cssText=n,r=oc.test(n)}}else t&&e.removeAttribute("style");ji in e&&((!i||t!==n)&&(e[ji]=r?s.display:""),e[ic]&&(s.display="none"))}const Bn=/\s*!important$/;function fn(e,t,n){if($(n))n.forEach(s=>fn(e,t,s));else if(n==null&&(n=""),t.startsWith("--"))Bn.test(n)?e.setProperty(t,n.replace(Bn,""),"important"):e.setProperty(t,n);else{const s=lc(e,t);Bn.test(n)?e.setProperty(jt(s),n.replace(Bn,""),"important"):e[s]=n}}const Hi=["Webkit","Moz","ms"],Cs={};function lc(e,t){const n=Cs[t];if(n)return n;let s=Se(t);if(s!=="filter"&&s in e)return Cs[t]=s;s=as(s);for(let i=0;i<Hi.length;i++){const r=Hi[i]+s;if(r in e)return Cs[t]=r}return t}function cc(e,t,n,s){return e.tagName==="TEXTAREA"&&(t==="width"||t==="height")&&re(s)&&n===s}const qi="http://www.w3.org/1999/xlink";function Gi(e,t,n,s,i,r=fa(t)){s&&t.startsWith("xlink:")?n==null?e.removeAttributeNS(qi,t.slice(6,t.length)):e.setAttributeNS(qi,t,n):n==null||r&&!xr(n)?e.removeAttribute(t):e.setAttribute(t,r?"":De(n)?String(n):n)}function Ki(e,t,n,s,i){if(t==="innerHTML"||t==="textContent"){n!=null&&(e[t]=t==="innerHTML"?ko(n):n);return}const r=e.tagName;if(t==="value"&&r!=="PROGRESS"&&!r.includes("-")){const a=r==="OPTION"?e.getAttribute("value")||"":e.value,l=n==null?e.type==="checkbox"?"on":"":String(n);(a!==l||!("_value"in e))&&(e.value=l),n==null&&e.removeAttribute(t),e._value=n;return}let o=!1;if(n===""||n==null){const a=typeof e[t];a==="boolean"?n=xr(n):n==null&&a==="string"?(n="",o=!0):a==="number"&&(n=0,o=!0)}try{e[t]=n}catch{}o&&e.removeAttribute(i||t)}function xt(e,t,n,s){e.addEventListener(t,n,s)}function uc(e,t,n,s){e.removeEventListener(t,n,s)}const Wi=Symbol("_vei");function fc(e,t,n,s,i=null){const r=e[Wi]||(e[Wi]={}),o=r[t];if(s&&o)o.value=s;else{const[a,l]=pc(t);if(s){const f=r[t]=bc(s,i);xt(e,a,f,l)}else o&&(uc(e,a,o,l),r[t]=void 0)}}const dc=/(Once|Passive|Capture)$/,hc=/^on:?(?:Once|Passive|Capture)$/;function pc(e){let t,n;for(;(n=e.match(dc))&&!hc.test(e);)t||(t={}),e=e.slice(0,e.length-n[1].length),t[n[1].toLowerCase()]=!0;return[e[2]===":"?e.slice(3):jt(e.slice(2)),t]}let Os=0;const gc=Promise.resolve(),mc=()=>Os||(gc.then(()=>Os=0),Os=Date.now());function bc(e,t){const n=s=>{if(!s._vts)s._vts=Date.now();else if(s._vts<=n.attached)return;const i=n.value;if($(i)){const r=s.stopImmediatePropagation;s.stopImmediatePropagation=()=>{r.call(s),s._stopped=!0};const o=i.slice(),a=[s];for(let l=0;l<o.length&&!s._stopped;l++){const f=o[l];f&&Fe(f,t,5,a)}}else Fe(i,t,5,[s])};return n.value=e,n.attached=mc(),n}const zi=e=>e.charCodeAt(0)===111&&e.charCodeAt(1)===110&&e.charCodeAt(2)>96&&e.charCodeAt(2)<123,yc=(e,t,n,s,i,r)=>{const o=i==="svg";t==="class"?sc(e,s,o):t==="style"?ac(e,n,s):ss(t)?is(t)||fc(e,t,n,s,r):(t[0]==="."?(t=t.slice(1),!0):t[0]==="^"?(t=t.slice(1),!1):vc(e,t,s,o))?(Ki(e,t,s),!e.tagName.includes("-")&&(t==="value"||t==="checked"||t==="selected")&&Gi(e,t,s,o,r,t!=="value")):e._isVueCE&&(_c(e,t)||e._def.__asyncLoader&&(/[A-Z]/.test(t)||!re(s)))?Ki(e,Se(t),s,r,t):(t==="true-value"?e._trueValue=s:t==="false-value"&&(e._falseValue=s),Gi(e,t,s,o))};function vc(e,t,n,s){if(s)return!!(t==="innerHTML"||t==="textContent"||t in e&&zi(t)&&U(n));if(t==="spellcheck"||t==="draggable"||t==="translate"||t==="autocorrect"||t==="sandbox"&&e.tagName==="IFRAME"||t==="form"||t==="list"&&e.tagName==="INPUT"||t==="type"&&e.tagName==="TEXTAREA")return!1;if(t==="width"||t==="height"){const i=e.tagName;if(i==="IMG"||i==="VIDEO"||i==="CANVAS"||i==="SOURCE")return!1}return zi(t)&&re(n)?!1:t in e}function _c(e,t){const n=e._def.props;if(!n)return!1;const s=Se(t);return Array.isArray(n)?n.some(i=>Se(i)===s):Object.keys(n).some(i=>Se(i)===s)}const Zt=e=>{const t=e.props["onUpdate:modelValue"]||!1;return $(t)?n=>qn(t,n):t};function wc(e){e.target.composing=!0}function Qi(e){const t=e.target;t.composing&&(t.composing=!1,t.dispatchEvent(new Event("input")))}const tt=Symbol("_assign"),jn=Symbol("_initialValue");function Ps(e,t,n){return t&&(e=e.trim()),n&&(e=kn(e)),e}const Ji={created(e,{modifiers:{lazy:t,trim:n,number:s}},i){e.parentNode&&(e.type==="text"?e[jn]=e.defaultValue.replace(/[\r\n]/g,""):e.type==="textarea"&&(e[jn]=e.defaultValue.replace(/\r\n?/g,`
`))),e[tt]=Zt(i);const r=s||i.props&&i.props.type==="number";xt(e,t?"change":"input",o=>{o.target.composing||e[tt](Ps(e.value,n,r))}),(n||r)&&xt(e,"change",()=>{e.value=Ps(e.value,n,r)}),t||(xt(e,"compositionstart",wc),xt(e,"compositionend",Qi),xt(e,"change",Qi))},mounted(e,{value:t,modifiers:{trim:n,number:s}}){const i=t??"",r=e[jn];delete e[jn],r!==void 0&&(e.type==="text"||e.type==="textarea")&&e.value!==r?e[tt](Ps(e.value,n,s)):e.value=i},beforeUpdate(e,{value:t,oldValue:n,modifiers:{lazy:s,trim:i,number:r}},o){if(e[tt]=Zt(o),e.composing)return;const a=(r||e.type==="number")&&!/^0\d/.test(e.value)?kn(e.value):e.value,l=t??"";if(a===l)return;const f=e.getRootNode();(f instanceof Document||f instanceof ShadowRoot)&&f.activeElement===e&&e.type!=="range"&&(s&&t===n||i&&e.value.trim()===l)||(e.value=l)}},_f={deep:!0,created(e,t,n){e[tt]=Zt(n),xt(e,"change",()=>{const s=e._modelValue,i=On(e),r=e.checked,o=e[tt];if($(s)){const a=ti(s,i),l=a!==-1;if(r&&!l)o(s.concat(i));else if(!r&&l){const f=[...s];f.splice(a,1),o(f)}}else if(gt(s)){const a=new Set(s);r?a.add(i):a.delete(i),o(a)}else o($o(e,r))})},mounted:Yi,beforeUpdate(e,t,n){e[tt]=Zt(n),Yi(e,t,n)}};function Yi(e,{value:t,oldValue:n},s){e._modelValue=t;let i;if($(t))i=ti(t,s.props.value)>-1;else if(gt(t))i=t.has(s.props.value);else{if(t===n)return;i=mt(t,$o(e,!0))}e.checked!==i&&(e.checked=i)}const wf={deep:!0,created(e,{value:t,modifiers:{number:n}},s){e._modelValue=t,xt(e,"change",()=>{const i=Array.prototype.filter.call(e.options,l=>l.selected).map(l=>n?kn(On(l)):On(l)),r=e.multiple,o=r?gt(e._modelValue)?new Set(i):i:i[0],a=e._pendingValue=[r,r?$(o)?i.slice():i:o];try{e[tt](o)}finally{li(()=>{e._pendingValue===a&&(e._pendingValue=void 0)})}}),e[tt]=Zt(s)},mounted(e,{value:t,modifiers:{number:n}}){Xi(e,t,n)},beforeUpdate(e,{value:t},n){e._modelValue=t,e[tt]=Zt(n)},updated(e,{value:t,modifiers:{number:n}}){const s=e._pendingValue;e._pendingValue=void 0,(!s||s[0]!==e.multiple||!Rc(t,s[1],s[0]))&&Xi(e,t,n)}};function Rc(e,t,n){if(!n||$(e))return mt(e,t);if(gt(e)){if(e.size!==t.length)return!1;for(const s of t)if(!e.has(s))return!1;return!0}return!1}function Xi(e,t,n=!1){const s=e.multiple,i=$(t);if(!(s&&!i&&!gt(t))){for(let r=0,o=e.options.length;r<o;r++){const a=e.options[r],l=On(a);if(s)if(i){const f=typeof l;f==="string"||f==="number"?a.selected=t.some(u=>String(u)===String(l)):a.selected=ti(t,l)>-1}else a.selected=t.has(l)||n&&typeof l=="string"&&t.has(kn(l));else if(mt(On(a),t)){e.selectedIndex!==r&&(e.selectedIndex=r);return}}!s&&e.selectedIndex!==-1&&(e.selectedIndex=-1)}}function On(e){return"_value"in e?e._value:e.value}function $o(e,t){const n=t?"_trueValue":"_falseValue";return n in e?e[n]:t}const Ec=["ctrl","shift","alt","meta"],Sc={stop:e=>e.stopPropagation(),prevent:e=>e.preventDefault(),self:e=>e.target!==e.currentTarget,ctrl:e=>!e.ctrlKey,shift:e=>!e.shiftKey,alt:e=>!e.altKey,meta:e=>!e.metaKey,left:e=>"button"in e&&e.button!==0,middle:e=>"button"in e&&e.button!==1,right:e=>"button"in e&&e.button!==2,exact:(e,t)=>Ec.some(n=>e[`${n}Key`]&&!t.includes(n))},Ic=(e,t)=>{if(!e)return e;const n=e._withMods||(e._withMods={}),s=t.join(".");return n[s]||(n[s]=(i,...r)=>{for(let o=0;o<t.length;o++){const a=Sc[t[o]];if(a&&a(i,t))return}return e(i,...r)})},Tc=he({patchProp:yc},tc);let Zi;function xc(){return Zi||(Zi=Dl(Tc))}const Ac=(...e)=>{const t=xc().createApp(...e),{mount:n}=t;return t.mount=s=>{const i=Oc(s);if(!i)return;const r=t._component;!U(r)&&!r.render&&!r.template&&(r.template=i.innerHTML),i.nodeType===1&&(i.textContent="");const o=n(i,!1,Cc(i));return i instanceof Element&&(i.removeAttribute("v-cloak"),i.setAttribute("data-v-app","")),o},t};function Cc(e){if(e instanceof SVGElement)return"svg";if(typeof MathMLElement=="function"&&e instanceof MathMLElement)return"mathml"}function Oc(e){return re(e)?document.querySelector(e):e}/*!
 * vue-router v4.6.5
 * (c) 2026 Eduardo San Martin Morote
 * @license MIT
 */const zt=typeof document<"u";function Mo(e){return typeof e=="object"||"displayName"in e||"props"in e||"__vccOpts"in e}function Pc(e){return e.__esModule||e[Symbol.toStringTag]==="Module"||e.default&&Mo(e.default)}const z=Object.assign;function Ns(e,t){const n={};for(const s in t){const i=t[s];n[s]=Be(i)?i.map(e):e(i)}return n}const _n=()=>{},Be=Array.isArray;function er(e,t){const n={};for(const s in e)n[s]=s in t?t[s]:e[s];return n}const Lo=/#/g,Nc=/&/g,Dc=/\//g,kc=/=/g,$c=/\?/g,Vo=/\+/g,Mc=/%5B/g,Lc=/%5D/g,Fo=/%5E/g,Vc=/%60/g,Uo=/%7B/g,Fc=/%7C/g,Bo=/%7D/g,Uc=/%20/g;function hi(e){return e==null?"":encodeURI(""+e).replace(Fc,"|").replace(Mc,"[").replace(Lc,"]")}function Bc(e){return hi(e).replace(Uo,"{").replace(Bo,"}").replace(Fo,"^")}function Ws(e){return hi(e).replace(Vo,"%2B").replace(Uc,"+").replace(Lo,"%23").replace(Nc,"%26").replace(Vc,"`").replace(Uo,"{").replace(Bo,"}").replace(Fo,"^")}function jc(e){return Ws(e).replace(kc,"%3D")}function Hc(e){return hi(e).replace(Lo,"%23").replace($c,"%3F")}function qc(e){return Hc(e).replace(Dc,"%2F")}function Pn(e){if(e==null)return null;try{return decodeURIComponent(""+e)}catch{}return""+e}const Gc=/\/$/,Kc=e=>e.replace(Gc,"");function Ds(e,t,n="/"){let s,i={},r="",o="";const a=t.indexOf("#");let l=t.indexOf("?");return l=a>=0&&l>a?-1:l,l>=0&&(s=t.slice(0,l),r=t.slice(l,a>0?a:t.length),i=e(r.slice(1))),a>=0&&(s=s||t.slice(0,a),o=t.slice(a,t.length)),s=Jc(s??t,n),{fullPath:s+r+o,path:s,query:i,hash:Pn(o)}}function Wc(e,t){const n=t.query?e(t.query):"";return t.path+(n&&"?")+n+(t.hash||"")}function tr(e,t){return!t||!e.toLowerCase().startsWith(t.toLowerCase())?e:e.slice(t.length)||"/"}function zc(e,t,n){const s=t.matched.length-1,i=n.matched.length-1;return s>-1&&s===i&&en(t.matched[s],n.matched[i])&&jo(t.params,n.params)&&e(t.query)===e(n.query)&&t.hash===n.hash}function en(e,t){return(e.aliasOf||e)===(t.aliasOf||t)}function jo(e,t){if(Object.keys(e).length!==Object.keys(t).length)return!1;for(var n in e)if(!Qc(e[n],t[n]))return!1;return!0}function Qc(e,t){return Be(e)?nr(e,t):Be(t)?nr(t,e):e?.valueOf()===t?.valueOf()}function nr(e,t){return Be(t)?e.length===t.length&&e.every((n,s)=>n===t[s]):e.length===1&&e[0]===t}function Jc(e,t){if(e.startsWith("/"))return e;if(!e)return t;const n=t.split("/"),s=e.split("/"),i=s[s.length-1];(i===".."||i===".")&&s.push("");let r=n.length-1,o,a;for(o=0;o<s.length;o++)if(a=s[o],a!==".")if(a==="..")r>1&&r--;else break;return n.slice(0,r).join("/")+"/"+s.slice(o).join("/")}const wt={path:"/",name:void 0,params:{},query:{},hash:"",fullPath:"/",matched:[],meta:{},redirectedFrom:void 0};let zs=function(e){return e.pop="pop",e.push="push",e}({}),ks=function(e){return e.back="back",e.forward="forward",e.unknown="",e}({});function Yc(e){if(!e)if(zt){const t=document.querySelector("base");e=t&&t.getAttribute("href")||"/",e=e.replace(/^\w+:\/\/[^\/]+/,"")}else e="/";return e[0]!=="/"&&e[0]!=="#"&&(e="/"+e),Kc(e)}const Xc=/^[^#]+#/;function Zc(e,t){return e.replace(Xc,"#")+t}function eu(e,t){const n=document.documentElement.getBoundingClientRect(),s=e.getBoundingClientRect();return{behavior:t.behavior,left:s.left-n.left-(t.left||0),top:s.top-n.top-(t.top||0)}}const bs=()=>({left:window.scrollX,top:window.scrollY});function tu(e){let t;if("el"in e){const n=e.el,s=typeof n=="string"&&n.startsWith("#"),i=typeof n=="string"?s?document.getElementById(n.slice(1)):document.querySelector(n):n;if(!i)return;t=eu(i,e)}else t=e;"scrollBehavior"in document.documentElement.style?window.scrollTo(t):window.scrollTo(t.left!=null?t.left:window.scrollX,t.top!=null?t.top:window.scrollY)}function sr(e,t){return(history.state?history.state.position-t:-1)+e}const Qs=new Map;function nu(e,t){Qs.set(e,t)}function su(e){const t=Qs.get(e);return Qs.delete(e),t}function iu(e){return typeof e=="string"||e&&typeof e=="object"}function Ho(e){return typeof e=="string"||typeof e=="symbol"}let se=function(e){return e[e.MATCHER_NOT_FOUND=1]="MATCHER_NOT_FOUND",e[e.NAVIGATION_GUARD_REDIRECT=2]="NAVIGATION_GUARD_REDIRECT",e[e.NAVIGATION_ABORTED=4]="NAVIGATION_ABORTED",e[e.NAVIGATION_CANCELLED=8]="NAVIGATION_CANCELLED",e[e.NAVIGATION_DUPLICATED=16]="NAVIGATION_DUPLICATED",e}({});const qo=Symbol("");se.MATCHER_NOT_FOUND+"",se.NAVIGATION_GUARD_REDIRECT+"",se.NAVIGATION_ABORTED+"",se.NAVIGATION_CANCELLED+"",se.NAVIGATION_DUPLICATED+"";function tn(e,t){return z(new Error,{type:e,[qo]:!0},t)}function ct(e,t){return e instanceof Error&&qo in e&&(t==null||!!(e.type&t))}const ru=["params","query","hash"];function ou(e){if(typeof e=="string")return e;if(e.path!=null)return e.path;const t={};for(const n of ru)n in e&&(t[n]=e[n]);return JSON.stringify(t,null,2)}function au(e){const t={};if(e===""||e==="?")return t;const n=(e[0]==="?"?e.slice(1):e).split("&");for(let s=0;s<n.length;++s){const i=n[s].replace(Vo," "),r=i.indexOf("="),o=Pn(r<0?i:i.slice(0,r)),a=r<0?null:Pn(i.slice(r+1));if(o in t){let l=t[o];Be(l)||(l=t[o]=[l]),l.push(a)}else t[o]=a}return t}function ir(e){let t="";for(let n in e){const s=e[n];if(n=jc(n),s==null){s!==void 0&&(t+=(t.length?"&":"")+n);continue}(Be(s)?s.map(i=>i&&Ws(i)):[s&&Ws(s)]).forEach(i=>{i!==void 0&&(t+=(t.length?"&":"")+n,i!=null&&(t+="="+i))})}return t}function lu(e){const t={};for(const n in e){const s=e[n];s!==void 0&&(t[n]=Be(s)?s.map(i=>i==null?null:""+i):s==null?s:""+s)}return t}const Go=Symbol(""),rr=Symbol(""),ys=Symbol(""),pi=Symbol(""),Js=Symbol("");function an(){let e=[];function t(s){return e.push(s),()=>{const i=e.indexOf(s);i>-1&&e.splice(i,1)}}function n(){e=[]}return{add:t,list:()=>e.slice(),reset:n}}function cu(e,t,n){const s=()=>{e[t].delete(n)};ao(s),ro(s),io(()=>{e[t].add(n)}),e[t].add(n)}function Rf(e){const t=Ne(Go,{}).value;t&&cu(t,"leaveGuards",e)}function St(e,t,n,s,i,r=o=>o()){const o=s&&(s.enterCallbacks[i]=s.enterCallbacks[i]||[]);return()=>new Promise((a,l)=>{const f=g=>{g===!1?l(tn(se.NAVIGATION_ABORTED,{from:n,to:t})):g instanceof Error?l(g):iu(g)?l(tn(se.NAVIGATION_GUARD_REDIRECT,{from:t,to:g})):(o&&s.enterCallbacks[i]===o&&typeof g=="function"&&o.push(g),a())},u=r(()=>e.call(s&&s.instances[i],t,n,f));let d=Promise.resolve(u);e.length<3&&(d=d.then(f)),d.catch(g=>l(g))})}function $s(e,t,n,s,i=r=>r()){const r=[];for(const o of e)for(const a in o.components){let l=o.components[a];if(!(t!=="beforeRouteEnter"&&!o.instances[a]))if(Mo(l)){const f=(l.__vccOpts||l)[t];f&&r.push(St(f,n,s,o,a,i))}else{let f=l();r.push(()=>f.then(u=>{if(!u)throw new Error(`Couldn't resolve component "${a}" at "${o.path}"`);const d=Pc(u)?u.default:u;o.mods[a]=u,o.components[a]=d;const g=(d.__vccOpts||d)[t];return g&&St(g,n,s,o,a,i)()}))}}return r}function uu(e,t){const n=[],s=[],i=[],r=Math.max(t.matched.length,e.matched.length);for(let o=0;o<r;o++){const a=t.matched[o];a&&(e.matched.find(f=>en(f,a))?s.push(a):n.push(a));const l=e.matched[o];l&&(t.matched.find(f=>en(f,l))||i.push(l))}return[n,s,i]}/*!
 * vue-router v4.6.5
 * (c) 2026 Eduardo San Martin Morote
 * @license MIT
 */let fu=()=>location.protocol+"//"+location.host;function Ko(e,t){const{pathname:n,search:s,hash:i}=t,r=e.indexOf("#");if(r>-1){let o=i.includes(e.slice(r))?e.slice(r).length:1,a=i.slice(o);return a[0]!=="/"&&(a="/"+a),tr(a,"")}return tr(n,e)+s+i}function du(e,t,n,s){let i=[],r=[],o=null;const a=({state:g})=>{const b=Ko(e,location),A=n.value,I=t.value;let B=0;if(g){if(n.value=b,t.value=g,o&&o===A){o=null;return}B=I?g.position-I.position:0}else s(b);i.forEach(L=>{L(n.value,A,{delta:B,type:zs.pop,direction:B?B>0?ks.forward:ks.back:ks.unknown})})};function l(){o=n.value}function f(g){i.push(g);const b=()=>{const A=i.indexOf(g);A>-1&&i.splice(A,1)};return r.push(b),b}function u(){if(document.visibilityState==="hidden"){const{history:g}=window;if(!g.state)return;g.replaceState(z({},g.state,{scroll:bs()}),"")}}function d(){for(const g of r)g();r=[],window.removeEventListener("popstate",a),window.removeEventListener("pagehide",u),document.removeEventListener("visibilitychange",u)}return window.addEventListener("popstate",a),window.addEventListener("pagehide",u),document.addEventListener("visibilitychange",u),{pauseListeners:l,listen:f,destroy:d}}function or(e,t,n,s=!1,i=!1){return{back:e,current:t,forward:n,replaced:s,position:window.history.length,scroll:i?bs():null}}function hu(e){const{history:t,location:n}=window,s={value:Ko(e,n)},i={value:t.state};i.value||r(s.value,{back:null,current:s.value,forward:null,position:t.length-1,replaced:!0,scroll:null},!0);function r(l,f,u){const d=e.indexOf("#"),g=d>-1?(n.host&&document.querySelector("base")?e:e.slice(d))+l:fu()+e+l;try{t[u?"replaceState":"pushState"](f,"",g),i.value=f}catch(b){console.error(b),n[u?"replace":"assign"](g)}}function o(l,f){r(l,z({},t.state,or(i.value.back,l,i.value.forward,!0),f,{position:i.value.position}),!0),s.value=l}function a(l,f){const u=z({},i.value,t.state,{forward:l,scroll:bs()});r(u.current,u,!0),r(l,z({},or(s.value,l,null),{position:u.position+1},f),!1),s.value=l}return{location:s,state:i,push:a,replace:o}}function pu(e){e=Yc(e);const t=hu(e),n=du(e,t.state,t.location,t.replace);function s(r,o=!0){o||n.pauseListeners(),history.go(r)}const i=z({location:"",base:e,go:s,createHref:Zc.bind(null,e)},t,n);return Object.defineProperty(i,"location",{enumerable:!0,get:()=>t.location.value}),Object.defineProperty(i,"state",{enumerable:!0,get:()=>t.state.value}),i}let Qe=function(e){return e[e.Static=0]="Static",e[e.Param=1]="Param",e[e.Group=2]="Group",e}({});var ue=function(e){return e[e.Static=0]="Static",e[e.Param=1]="Param",e[e.ParamRegExp=2]="ParamRegExp",e[e.ParamRegExpEnd=3]="ParamRegExpEnd",e[e.EscapeNext=4]="EscapeNext",e}(ue||{});const gu={type:Qe.Static,value:""},mu=/[a-zA-Z0-9_]/;function bu(e){if(!e)return[[]];if(e==="/")return[[gu]];if(!e.startsWith("/"))throw new Error(`Invalid path "${e}"`);function t(b){throw new Error(`ERR (${n})/"${f}": ${b}`)}let n=ue.Static,s=n;const i=[];let r;function o(){r&&i.push(r),r=[]}let a=0,l,f="",u="";function d(){f&&(n===ue.Static?r.push({type:Qe.Static,value:f}):n===ue.Param||n===ue.ParamRegExp||n===ue.ParamRegExpEnd?(r.length>1&&(l==="*"||l==="+")&&t(`A repeatable param (${f}) must be alone in its segment. eg: '/:ids+.`),r.push({type:Qe.Param,value:f,regexp:u,repeatable:l==="*"||l==="+",optional:l==="*"||l==="?"})):t("Invalid state to consume buffer"),f="")}function g(){f+=l}for(;a<e.length;){if(l=e[a++],l==="\\"&&n!==ue.ParamRegExp){s=n,n=ue.EscapeNext;continue}switch(n){case ue.Static:l==="/"?(f&&d(),o()):l===":"?(d(),n=ue.Param):g();break;case ue.EscapeNext:g(),n=s;break;case ue.Param:l==="("?n=ue.ParamRegExp:mu.test(l)?g():(d(),n=ue.Static,l!=="*"&&l!=="?"&&l!=="+"&&a--);break;case ue.ParamRegExp:l===")"?u[u.length-1]=="\\"?u=u.slice(0,-1)+l:n=ue.ParamRegExpEnd:u+=l;break;case ue.ParamRegExpEnd:d(),n=ue.Static,l!=="*"&&l!=="?"&&l!=="+"&&a--,u="";break;default:t("Unknown state");break}}return n===ue.ParamRegExp&&t(`Unfinished custom RegExp for param "${f}"`),d(),o(),i}const ar="[^/]+?",yu={sensitive:!1,strict:!1,start:!0,end:!0};var we=function(e){return e[e._multiplier=10]="_multiplier",e[e.Root=90]="Root",e[e.Segment=40]="Segment",e[e.SubSegment=30]="SubSegment",e[e.Static=40]="Static",e[e.Dynamic=20]="Dynamic",e[e.BonusCustomRegExp=10]="BonusCustomRegExp",e[e.BonusWildcard=-50]="BonusWildcard",e[e.BonusRepeatable=-20]="BonusRepeatable",e[e.BonusOptional=-8]="BonusOptional",e[e.BonusStrict=.7000000000000001]="BonusStrict",e[e.BonusCaseSensitive=.25]="BonusCaseSensitive",e}(we||{});const lr=/[.+*?^${}()[\]/\\|]/g;function vu(e,t){const n=z({},yu,t),s=[];let i=n.start?"^":"";const r=[],o=e.some(u=>u.some(d=>d.type===Qe.Param&&/\\[1-9k]/.test(d.regexp||"")));for(const u of e){const d=u.length?[]:[we.Root];n.strict&&!u.length&&(i+="/");for(let g=0;g<u.length;g++){const b=u[g];let A=we.Segment+(n.sensitive?we.BonusCaseSensitive:0);if(b.type===Qe.Static)g||(i+="/"),i+=b.value.replace(lr,"\\$&"),A+=we.Static;else if(b.type===Qe.Param){const{value:I,repeatable:B,optional:L,regexp:O}=b;r.push({name:I,repeatable:B,optional:L});const N=O||ar;if(N!==ar){A+=we.BonusCustomRegExp;try{`${N}`}catch(ne){throw new Error(`Invalid custom RegExp for param "${I}" (${N}): `+ne.message)}}let C=B?`((?:${N})(?:/(?:${N}))*)`:`(${N})`;const K=u[g+1],oe=u[g+2];!o&&!O&&!B&&oe&&oe.type===Qe.Param&&!oe.regexp&&K.type===Qe.Static&&(C=`([^/](?:(?!${K.value.replace(lr,"\\$&")})[^/])*)`),g||(C=L&&u.length<2?`(?:/${C})`:"/"+C),L&&(C+="?"),i+=C,A+=we.Dynamic,L&&(A+=we.BonusOptional),B&&(A+=we.BonusRepeatable),N===".*"&&(A+=we.BonusWildcard)}d.push(A)}s.push(d)}if(n.strict&&n.end){const u=s.length-1;s[u][s[u].length-1]+=we.BonusStrict}n.strict||(i+="/?"),n.end?i+="$":n.strict&&!i.endsWith("/")&&(i+="(?:/|$)");const a=new RegExp(i,n.sensitive?"":"i");function l(u){const d=u.match(a),g={};if(!d)return null;for(let b=1;b<d.length;b++){const A=d[b]||"",I=r[b-1];g[I.name]=A&&I.repeatable?A.split("/"):A}return g}function f(u){let d="",g=!1;for(const b of e){(!g||!d.endsWith("/"))&&(d+="/"),g=!1;for(const A of b)if(A.type===Qe.Static)d+=A.value;else if(A.type===Qe.Param){const{value:I,repeatable:B,optional:L}=A,O=I in u?u[I]:"";if(Be(O)&&!B)throw new Error(`Provided param "${I}" is an array but it is not repeatable (* or + modifiers)`);const N=Be(O)?O.join("/"):O;if(!N)if(L)b.length<2&&(d.endsWith("/")?d=d.slice(0,-1):g=!0);else throw new Error(`Missing required param "${I}"`);d+=N}}return d||"/"}return{re:a,score:s,keys:r,parse:l,stringify:f}}function _u(e,t){let n=0;for(;n<e.length&&n<t.length;){const s=t[n]-e[n];if(s)return s;n++}return e.length<t.length?e.length===1&&e[0]===we.Static+we.Segment?-1:1:e.length>t.length?t.length===1&&t[0]===we.Static+we.Segment?1:-1:0}function Wo(e,t){let n=0;const s=e.score,i=t.score;for(;n<s.length&&n<i.length;){const r=_u(s[n],i[n]);if(r)return r;n++}if(Math.abs(i.length-s.length)===1){if(cr(s))return 1;if(cr(i))return-1}return i.length-s.length}function cr(e){const t=e[e.length-1];return e.length>0&&t[t.length-1]<0}const wu={strict:!1,end:!0,sensitive:!1};function Ru(e,t,n){const s=vu(bu(e.path),n),i=z(s,{record:e,parent:t,children:[],alias:[]});return t&&!i.record.aliasOf==!t.record.aliasOf&&t.children.push(i),i}function Eu(e,t){const n=[],s=new Map;t=er(wu,t);function i(d){return s.get(d)}function r(d,g,b){const A=!b,I=fr(d);I.aliasOf=b&&b.record;const B=er(t,d),L=[I];if("alias"in d){const C=typeof d.alias=="string"?[d.alias]:d.alias;for(const K of C)L.push(fr(z({},I,{components:b?b.record.components:I.components,path:K,aliasOf:b?b.record:I})))}let O,N;for(const C of L){const{path:K}=C;if(g&&K[0]!=="/"){const oe=g.record.path,ne=oe[oe.length-1]==="/"?"":"/";C.path=g.record.path+(K&&ne+K)}if(O=Ru(C,g,B),b?b.alias.push(O):(N=N||O,N!==O&&N.alias.push(O),A&&d.name&&!dr(O)&&o(d.name)),zo(O)&&l(O),I.children){const oe=I.children;for(let ne=0;ne<oe.length;ne++)r(oe[ne],O,b&&b.children[ne])}b=b||O}return N?()=>{o(N)}:_n}function o(d){if(Ho(d)){const g=s.get(d);g&&(s.delete(d),n.splice(n.indexOf(g),1),g.children.forEach(o),g.alias.forEach(o))}else{const g=n.indexOf(d);g>-1&&(n.splice(g,1),d.record.name&&s.delete(d.record.name),d.children.forEach(o),d.alias.forEach(o))}}function a(){return n}function l(d){const g=Tu(d,n);n.splice(g,0,d),d.record.name&&!dr(d)&&s.set(d.record.name,d)}function f(d,g){let b,A={},I,B;if("name"in d&&d.name){if(b=s.get(d.name),!b)throw tn(se.MATCHER_NOT_FOUND,{location:d});B=b.record.name,A=z(ur(g.params,b.keys.filter(N=>!N.optional).concat(b.parent?b.parent.keys.filter(N=>N.optional):[]).map(N=>N.name)),d.params&&ur(d.params,b.keys.map(N=>N.name))),I=b.stringify(A)}else if(d.path!=null)I=d.path,b=n.find(N=>N.re.test(I)),b&&(A=b.parse(I),B=b.record.name);else{if(b=g.name?s.get(g.name):n.find(N=>N.re.test(g.path)),!b)throw tn(se.MATCHER_NOT_FOUND,{location:d,currentLocation:g});B=b.record.name,A=z({},g.params,d.params),I=b.stringify(A)}const L=[];let O=b;for(;O;)L.unshift(O.record),O=O.parent;return{name:B,path:I,params:A,matched:L,meta:Iu(L)}}e.forEach(d=>r(d));function u(){n.length=0,s.clear()}return{addRoute:r,resolve:f,removeRoute:o,clearRoutes:u,getRoutes:a,getRecordMatcher:i}}function ur(e,t){const n={};for(const s of t)s in e&&(n[s]=e[s]);return n}function fr(e){const t={path:e.path,redirect:e.redirect,name:e.name,meta:e.meta||{},aliasOf:e.aliasOf,beforeEnter:e.beforeEnter,props:Su(e),children:e.children||[],instances:{},leaveGuards:new Set,updateGuards:new Set,enterCallbacks:{},components:"components"in e?e.components||null:e.component&&{default:e.component}};return Object.defineProperty(t,"mods",{value:{}}),t}function Su(e){const t={},n=e.props||!1;if("component"in e)t.default=n;else for(const s in e.components)t[s]=typeof n=="object"?n[s]:n;return t}function dr(e){for(;e;){if(e.record.aliasOf)return!0;e=e.parent}return!1}function Iu(e){return e.reduce((t,n)=>z(t,n.meta),{})}function Tu(e,t){let n=0,s=t.length;for(;n!==s;){const r=n+s>>1;Wo(e,t[r])<0?s=r:n=r+1}const i=xu(e);return i&&(s=t.lastIndexOf(i,s-1)),s}function xu(e){let t=e;for(;t=t.parent;)if(zo(t)&&Wo(e,t)===0)return t}function zo({record:e}){return!!(e.name||e.components&&Object.keys(e.components).length||e.redirect)}function hr(e){const t=Ne(ys),n=Ne(pi),s=Pe(()=>{const l=F(e.to);return t.resolve(l)}),i=Pe(()=>{const{matched:l}=s.value,{length:f}=l,u=l[f-1],d=n.matched;if(!u||!d.length)return-1;const g=d.findIndex(en.bind(null,u));if(g>-1)return g;const b=pr(l[f-2]);return f>1&&pr(u)===b&&d[d.length-1].path!==b?d.findIndex(en.bind(null,l[f-2])):g}),r=Pe(()=>i.value>-1&&Nu(n.params,s.value.params)),o=Pe(()=>i.value>-1&&i.value===n.matched.length-1&&jo(n.params,s.value.params));function a(l={}){if(Pu(l)){const f=t[F(e.replace)?"replace":"push"](F(e.to)).catch(_n);return e.viewTransition&&typeof document<"u"&&"startViewTransition"in document&&document.startViewTransition(()=>f),f}return Promise.resolve()}return{route:s,href:Pe(()=>s.value.href),isActive:r,isExactActive:o,navigate:a}}function Au(e){return e.length===1?e[0]:e}const Cu=hs({name:"RouterLink",compatConfig:{MODE:3},props:{to:{type:[String,Object],required:!0},replace:Boolean,activeClass:String,exactActiveClass:String,custom:Boolean,ariaCurrentValue:{type:String,default:"page"},viewTransition:Boolean},useLink:hr,setup(e,{slots:t}){const n=$n(hr(e)),{options:s}=Ne(ys),i=Pe(()=>({[gr(e.activeClass,s.linkActiveClass,"router-link-active")]:n.isActive,[gr(e.exactActiveClass,s.linkExactActiveClass,"router-link-exact-active")]:n.isExactActive}));return()=>{const r=t.default&&Au(t.default(n));return e.custom?r:Do("a",{"aria-current":n.isExactActive?e.ariaCurrentValue:null,href:n.href,onClick:n.navigate,class:i.value},r)}}}),Ou=Cu;function Pu(e){if(!(e.metaKey||e.altKey||e.ctrlKey||e.shiftKey)&&!e.defaultPrevented&&!(e.button!==void 0&&e.button!==0)){if(e.currentTarget&&e.currentTarget.getAttribute){const t=e.currentTarget.getAttribute("target");if(/\b_blank\b/i.test(t))return}return e.preventDefault&&e.preventDefault(),!0}}function Nu(e,t){for(const n in t){const s=t[n],i=e[n];if(typeof s=="string"){if(s!==i)return!1}else if(!Be(i)||i.length!==s.length||s.some((r,o)=>r.valueOf()!==i[o].valueOf()))return!1}return!0}function pr(e){return e?e.aliasOf?e.aliasOf.path:e.path:""}const gr=(e,t,n)=>e??t??n,Du=hs({name:"RouterView",inheritAttrs:!1,props:{name:{type:String,default:"default"},route:Object},compatConfig:{MODE:3},setup(e,{attrs:t,slots:n}){const s=Ne(Js),i=Pe(()=>e.route||s.value),r=Ne(rr,0),o=Pe(()=>{let f=F(r);const{matched:u}=i.value;let d;for(;(d=u[f])&&!d.components;)f++;return f}),a=Pe(()=>i.value.matched[o.value]);Gn(rr,Pe(()=>o.value+1)),Gn(Go,a),Gn(Js,i);const l=It();return Qt(()=>[l.value,a.value,e.name],([f,u,d],[g,b,A])=>{u&&(u.instances[d]=f,b&&b!==u&&f&&f===g&&(u.leaveGuards.size||(u.leaveGuards=b.leaveGuards),u.updateGuards.size||(u.updateGuards=b.updateGuards))),f&&u&&(!b||!en(u,b)||!g)&&(u.enterCallbacks[d]||[]).forEach(I=>I(f))},{flush:"post"}),()=>{const f=i.value,u=e.name,d=a.value,g=d&&d.components[u];if(!g)return mr(n.default,{Component:g,route:f});const b=d.props[u],A=b?b===!0?f.params:typeof b=="function"?b(f):b:null,B=Do(g,z({},A,t,{onVnodeUnmounted:L=>{L.component.isUnmounted&&(d.instances[u]=null)},ref:l}));return mr(n.default,{Component:B,route:f})||B}}});function mr(e,t){if(!e)return null;const n=e(t);return n.length===1?n[0]:n}const ku=Du;function $u(e){const t=Eu(e.routes,e),n=e.parseQuery||au,s=e.stringifyQuery||ir,i=e.history,r=an(),o=an(),a=an(),l=ka(wt);let f=wt;zt&&e.scrollBehavior&&"scrollRestoration"in history&&(history.scrollRestoration="manual");const u=Ns.bind(null,v=>""+v),d=Ns.bind(null,qc),g=Ns.bind(null,Pn);function b(v,P){let T,M;return Ho(v)?(T=t.getRecordMatcher(v),M=P):M=v,t.addRoute(M,T)}function A(v){const P=t.getRecordMatcher(v);P&&t.removeRoute(P)}function I(){return t.getRoutes().map(v=>v.record)}function B(v){return!!t.getRecordMatcher(v)}function L(v,P){if(P=z({},P||l.value),typeof v=="string"){const m=Ds(n,v,P.path),y=t.resolve({path:m.path},P),_=i.createHref(m.fullPath);return z(m,y,{params:g(y.params),hash:Pn(m.hash),redirectedFrom:void 0,href:_})}let T;if(v.path!=null)T=z({},v,{path:Ds(n,v.path,P.path).path});else{const m=z({},v.params);for(const y in m)m[y]==null&&delete m[y];T=z({},v,{params:d(m)}),P.params=d(P.params)}const M=t.resolve(T,P),c=v.hash||"";M.params=u(g(M.params));const h=Wc(s,z({},v,{hash:Bc(c),path:M.path})),p=i.createHref(h);return z({fullPath:h,hash:c,query:s===ir?lu(v.query):v.query||{}},M,{redirectedFrom:void 0,href:p})}function O(v){return typeof v=="string"?Ds(n,v,l.value.path):z({},v)}function N(v,P){if(f!==v)return tn(se.NAVIGATION_CANCELLED,{from:P,to:v})}function C(v){return ne(v)}function K(v){return C(z(O(v),{replace:!0}))}function oe(v,P){const T=v.matched[v.matched.length-1];if(T&&T.redirect){const{redirect:M}=T;let c=typeof M=="function"?M(v,P):M;return typeof c=="string"&&(c=c.includes("?")||c.includes("#")?c=O(c):{path:c},c.params={}),z({query:v.query,hash:v.hash,params:c.path!=null?{}:v.params},c)}}function ne(v,P){const T=f=L(v),M=l.value,c=v.state,h=v.force,p=v.replace===!0,m=oe(T,M);if(m)return ne(z(O(m),{state:typeof m=="object"?z({},c,m.state):c,force:h,replace:p}),P||T);const y=T;y.redirectedFrom=P;let _;return!h&&zc(s,M,T)&&(_=tn(se.NAVIGATION_DUPLICATED,{to:y,from:M}),Ge(M,M,!0,!1)),(_?Promise.resolve(_):He(y,M)).catch(R=>ct(R)?ct(R,se.NAVIGATION_GUARD_REDIRECT)?R:_t(R):W(R,y,M)).then(R=>{if(R){if(ct(R,se.NAVIGATION_GUARD_REDIRECT))return ne(z({replace:p},O(R.to),{state:typeof R.to=="object"?z({},c,R.to.state):c,force:h}),P||y)}else R=Nt(y,M,!0,p,c);return vt(y,M,R),R})}function je(v,P){const T=N(v,P);return T?Promise.reject(T):Promise.resolve()}function yt(v){const P=Dt.values().next().value;return P&&typeof P.runWithContext=="function"?P.runWithContext(v):v()}function He(v,P){let T;const[M,c,h]=uu(v,P);T=$s(M.reverse(),"beforeRouteLeave",v,P);for(const m of M)m.leaveGuards.forEach(y=>{T.push(St(y,v,P))});const p=je.bind(null,v,P);return T.push(p),Oe(T).then(()=>{T=[];for(const m of r.list())T.push(St(m,v,P));return T.push(p),Oe(T)}).then(()=>{T=$s(c,"beforeRouteUpdate",v,P);for(const m of c)m.updateGuards.forEach(y=>{T.push(St(y,v,P))});return T.push(p),Oe(T)}).then(()=>{T=[];for(const m of h)if(m.beforeEnter)if(Be(m.beforeEnter))for(const y of m.beforeEnter)T.push(St(y,v,P));else T.push(St(m.beforeEnter,v,P));return T.push(p),Oe(T)}).then(()=>(v.matched.forEach(m=>m.enterCallbacks={}),T=$s(h,"beforeRouteEnter",v,P,yt),T.push(p),Oe(T))).then(()=>{T=[];for(const m of o.list())T.push(St(m,v,P));return T.push(p),Oe(T)}).catch(m=>ct(m,se.NAVIGATION_CANCELLED)?m:Promise.reject(m))}function vt(v,P,T){a.list().forEach(M=>yt(()=>M(v,P,T)))}function Nt(v,P,T,M,c){const h=N(v,P);if(h)return h;const p=P===wt,m=zt?history.state:{};T&&(M||p?i.replace(v.fullPath,z({scroll:p&&m&&m.scroll},c)):i.push(v.fullPath,c)),l.value=v,Ge(v,P,T,p),_t()}let qe;function sn(){qe||(qe=i.listen((v,P,T)=>{if(!kt.listening)return;const M=L(v),c=oe(M,kt.currentRoute.value);if(c){ne(z(c,{replace:!0,force:!0}),M).catch(_n);return}f=M;const h=l.value;zt&&nu(sr(h.fullPath,T.delta),bs()),He(M,h).catch(p=>ct(p,se.NAVIGATION_ABORTED|se.NAVIGATION_CANCELLED)?p:ct(p,se.NAVIGATION_GUARD_REDIRECT)?(ne(z(O(p.to),{force:!0}),M).then(m=>{ct(m,se.NAVIGATION_ABORTED|se.NAVIGATION_DUPLICATED)&&!T.delta&&T.type===zs.pop&&i.go(-1,!1)}).catch(_n),Promise.reject()):(T.delta&&i.go(-T.delta,!1),W(p,M,h))).then(p=>{p=p||Nt(M,h,!1),p&&(T.delta&&!ct(p,se.NAVIGATION_CANCELLED)?i.go(-T.delta,!1):T.type===zs.pop&&ct(p,se.NAVIGATION_ABORTED|se.NAVIGATION_DUPLICATED)&&i.go(-1,!1)),vt(M,h,p)}).catch(_n)}))}let Ht=an(),pe=an(),J;function W(v,P,T){_t(v);const M=pe.list();return M.length?M.forEach(c=>c(v,P,T)):console.error(v),Promise.reject(v)}function ot(){return J&&l.value!==wt?Promise.resolve():new Promise((v,P)=>{Ht.add([v,P])})}function _t(v){return J||(J=!v,sn(),Ht.list().forEach(([P,T])=>v?T(v):P()),Ht.reset()),v}function Ge(v,P,T,M){const{scrollBehavior:c}=e;if(!zt||!c)return Promise.resolve();const h=!T&&su(sr(v.fullPath,0))||(M||!T)&&history.state&&history.state.scroll||null;return li().then(()=>c(v,P,h)).then(p=>p&&tu(p)).catch(p=>W(p,v,P))}const ye=v=>i.go(v);let qt;const Dt=new Set,kt={currentRoute:l,listening:!0,addRoute:b,removeRoute:A,clearRoutes:t.clearRoutes,hasRoute:B,getRoutes:I,resolve:L,options:e,push:C,replace:K,go:ye,back:()=>ye(-1),forward:()=>ye(1),beforeEach:r.add,beforeResolve:o.add,afterEach:a.add,onError:pe.add,isReady:ot,install(v){v.component("RouterLink",Ou),v.component("RouterView",ku),v.config.globalProperties.$router=kt,Object.defineProperty(v.config.globalProperties,"$route",{enumerable:!0,get:()=>F(l)}),zt&&!qt&&l.value===wt&&(qt=!0,C(i.location).catch(M=>{}));const P={};for(const M in wt)Object.defineProperty(P,M,{get:()=>l.value[M],enumerable:!0});v.provide(ys,kt),v.provide(pi,Gr(P)),v.provide(Js,l);const T=v.unmount;Dt.add(v),v.unmount=function(){Dt.delete(v),Dt.size<1&&(f=wt,qe&&qe(),qe=null,l.value=wt,qt=!1,J=!1),T()}}};function Oe(v){return v.reduce((P,T)=>P.then(()=>yt(T)),Promise.resolve())}return kt}function Qo(){return Ne(ys)}function Jo(e){return Ne(pi)}class Yo extends Error{}const Mu=e=>e(),Lu=e=>typeof navigator<"u"&&navigator.locks?navigator.locks.request("shiliu-refresh",e):e();class Vu{constructor(t,n,s={}){this.store=t,this.refresher=n,this.inflight=null,this.listeners=new Set,this.now=s.now??Date.now,this.marginMs=s.marginMs??6e4,this.lock=s.lock??Mu}get tokens(){return this.store.load()}onChange(t){return this.listeners.add(t),()=>this.listeners.delete(t)}signIn(t){this.store.save(t),this.emit(t)}signOut(t="user"){this.store.save(null),this.emit(null,t)}reload(){this.emit(this.store.load())}async accessToken(){const t=this.store.load();return t?Date.parse(t.expiresAt)-this.now()>this.marginMs?t.accessToken:(await this.refresh(t.refreshToken))?.accessToken??null:null}async forceRefresh(){const t=this.store.load();return t?(await this.refresh(t.refreshToken,!0))?.accessToken??null:null}refresh(t,n=!1){return this.inflight||(this.inflight=this.lock(async()=>{const s=this.store.load();if(!s)return null;if(s.refreshToken!==t||!n&&Date.parse(s.expiresAt)-this.now()>this.marginMs)return s;try{const i=await this.refresher(s.refreshToken);return this.store.save(i),this.emit(i),i}catch(i){if(i instanceof Yo)return this.signOut("rejected"),null;throw i}}).finally(()=>{this.inflight=null})),this.inflight}emit(t,n){for(const s of this.listeners)s(t,n)}}function Fu(e,t="shiliu.session"){return{load(){const n=e.getItem(t);if(!n)return null;try{return JSON.parse(n)}catch{return null}},save(n){n?e.setItem(t,JSON.stringify(n)):e.removeItem(t)}}}const Uu=2e3;function Bu(e){const t=e.toString(),n=e.__meta__?.hash;return{text:t,id:typeof n=="string"?`sha256:${n}`:null,query:/^\s*(query\b|\{)/.test(t)}}class Nn extends Error{constructor(t){super(t[0]?.message??"error"),this.items=t}get code(){return this.items[0]?.code??"INTERNAL_SERVER_ERROR"}}class ln extends Error{}function Xo(e){const t={message:e.message??"error",code:e.extensions?.code??e.code??"INTERNAL_SERVER_ERROR",field:e.extensions?.field??e.field},n=e.extensions?.retryAfter;typeof n=="number"&&Number.isFinite(n)&&(t.retryAfter=n);const s=e.extensions?.lines;return Array.isArray(s)&&(t.lines=s.map(i=>Xo(i))),t}function br(e){return Array.isArray(e)?e.map(t=>Xo(t)):[{message:"error",code:"INTERNAL_SERVER_ERROR"}]}class ju{constructor(t={}){this.session=null,this.onPasswordChangeRequired=null,this.endpoint=t.endpoint??"/graphql",this.fetcher=t.fetch??((...n)=>fetch(...n)),this.locale=t.locale??(()=>"zh-CN")}async request(t,n,s=!1){const i=Bu(t);let r=s||!this.session?null:await this.session.accessToken(),o=await this.send(i,n,r);if(o.status===401&&r&&this.session){if(r=await this.session.forceRefresh(),!r)throw new Nn([{message:"登录已失效 · Signed out",code:"UNAUTHENTICATED"}]);o=await this.send(i,n,r),o.status===401&&this.session.signOut("rejected")}let a=await this.read(o);if(i.id&&a.errors&&br(a.errors)[0]?.code==="PERSISTED_QUERY_NOT_FOUND"&&(a=await this.read(await this.send({...i,id:null},n,r))),a.errors){const l=br(a.errors);throw l.some(f=>f.code==="PASSWORD_CHANGE_REQUIRED")&&this.onPasswordChangeRequired?.(),new Nn(l)}if(!a.data)throw new ln(`HTTP ${o.status}`);return a.data}async read(t){try{return await t.json()}catch{throw new ln(`HTTP ${t.status}`)}}async send(t,n,s){const i={Accept:"application/graphql-response+json, application/json","Accept-Language":this.locale()};s&&(i.Authorization=`Bearer ${s}`);let r=this.endpoint,o;const a=JSON.stringify(n??{}),l=t.id&&t.query?`${this.endpoint}?documentId=${encodeURIComponent(t.id)}&variables=${encodeURIComponent(a)}`:null;if(l&&l.length<=Uu)r=l,o={method:"GET",headers:i};else{i["Content-Type"]="application/json";const f=t.id?`{"documentId":${JSON.stringify(t.id)},"variables":${a}}`:`{"query":${JSON.stringify(t.text)},"variables":${a}}`;o={method:"POST",headers:i,body:f}}try{const f=await this.fetcher(r,o);if(f.status>=502)throw new ln(`HTTP ${f.status}`);return f}catch(f){throw f instanceof ln?f:new ln(f instanceof Error?f.message:String(f))}}}const Zo=e=>({accessToken:e.accessToken,refreshToken:e.refreshToken,expiresAt:e.expiresAt,username:e.user.username});function Hu(e,t){return async n=>{try{const s=await e.request(t,{refreshToken:n},!0);return Zo(s.refreshSession)}catch(s){throw s instanceof Nn&&s.code==="UNAUTHENTICATED"?new Yo(s.message):s}}}const Ms="outbox";function yr(e){return new Promise((t,n)=>{e.onsuccess=()=>t(e.result),e.onerror=()=>n(e.error)})}function Ef(){const e=crypto.getRandomValues(new Uint8Array(16));return`web-${Array.from(e,t=>t.toString(16).padStart(2,"0")).join("")}`}class qu{constructor(t=indexedDB,n="shiliu",s=i=>i()){this.factory=t,this.name=n,this.lock=s,this.db=null,this.flushing=null,this.listeners=new Set}onChange(t){return this.listeners.add(t),()=>this.listeners.delete(t)}open(){if(!this.db){const t=this.factory.open(this.name,1);t.onupgradeneeded=()=>{t.result.createObjectStore(Ms,{keyPath:"key"}).createIndex("owner","owner")},this.db=yr(t)}return this.db}async tx(t,n){const i=(await this.open()).transaction(Ms,t),r=yr(n(i.objectStore(Ms)));return await new Promise((o,a)=>{i.oncomplete=()=>o(),i.onerror=()=>a(i.error),i.onabort=()=>a(i.error)}),r}async add(t){await this.tx("readwrite",n=>n.put(t)),this.changed()}async list(t){return(await this.tx("readonly",s=>s.index("owner").getAll(t))).sort((s,i)=>s.createdAt-i.createdAt)}async remove(t){await this.tx("readwrite",n=>n.delete(t)),this.changed()}flush(t,n){return this.flushing||(this.flushing=this.lock(async()=>{let s=0;for(const i of await this.list(t)){if(i.error)continue;const r=await n(i);if(r.ok)await this.remove(i.key),s+=1;else{if(r.offline)break;await this.add({...i,error:r.message,errorField:r.field,errorLines:r.lines})}}return s}).finally(()=>{this.flushing=null})),this.flushing}changed(){for(const t of this.listeners)t()}}const Gu=e=>typeof navigator<"u"&&navigator.locks?navigator.locks.request("shiliu-outbox",e):e();class X extends String{constructor(t,n){super(t),this.value=t,this.__meta__=n}toString(){return this.value}}new X(`
    fragment DashboardData on QueryRoot {
  tenant(id: $tenantId) {
    id
    rollup(period: $period, indicatorIds: $indicatorIds) {
      indicatorId
      target
      actual
      completion
      lastChangedAt
      children {
        tenant {
          id
        }
        actual
        share
        accepted
      }
    }
    children(first: 50) {
      edges {
        node {
          id
          code
          name
          rollup(period: $period, indicatorIds: $indicatorIds) {
            indicatorId
            target
            actual
            completion
          }
        }
      }
    }
  }
  submissions(filter: {parentId: $tenantId, period: $period}, first: 50) {
    edges {
      node {
        id
        tenant {
          id
        }
        status
        statusLabel
        updatedAt
      }
    }
  }
  designationCounts(tenantId: $tenantId) {
    tenant {
      id
      name
    }
    total
    byCategory {
      category
      label
      count
    }
  }
  rectificationSummary(tenantId: $tenantId) {
    counts {
      total
      overdue
    }
    children {
      tenant {
        id
      }
      counts {
        total
        overdue
      }
    }
  }
}
    `,{fragmentName:"DashboardData"});new X(`
    fragment TaskRow on RectificationTask {
  id
  requirement
  deadline
  status
  statusLabel
  overdue
  daysOverdue
  version
  updatedAt
  inspectingTenant {
    id
    name
  }
  assigneeTenant {
    id
    name
  }
  assigneeUnit {
    id
    name
  }
}
    `,{fragmentName:"TaskRow"});new X(`
    fragment EvidenceFile on File {
  id
  reference
  name
  contentType
  size
  url
}
    `,{fragmentName:"EvidenceFile"});const Sf=new X(`
    mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    otherSessionsEnded
  }
}
    `,{hash:"1edaa2bb1ce52657835a18d830e90209ec7019ddd727a74b2ad4e3fe9bb8d2ff"}),If=new X(`
    query MySessions {
  mySessions {
    id
    client
    createdAt
    expiresAt
    current
  }
}
    `,{hash:"35b9c5516e0fef66e4d143e0eabd4e4d6a6109d7198e7f792c99e0459e833f30"}),Tf=new X(`
    mutation EndSession($sessionId: ID!) {
  endSession(sessionId: $sessionId)
}
    `,{hash:"e60657ac68db7f8bb1fe5b082b3e0f49cf26be6f64eae111ea559fb67b80aff5"}),Ku=new X(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    accessToken
    refreshToken
    expiresAt
    mustChangePassword
    user {
      username
    }
  }
}
    `,{hash:"9b6f5ecc4be705682e089db14f96731fc9d924e6db957ba8ba1965277273475e"}),Wu=new X(`
    mutation Refresh($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    accessToken
    refreshToken
    expiresAt
    user {
      username
    }
  }
}
    `,{hash:"f5da112b9148105e5551719926966a10392afb75d758d3c215617b80aea45cce"}),zu=new X(`
    mutation Logout {
  logout
}
    `,{hash:"cb1d14c1cc99a25294cfa4376de2402364cb32e6c038a11fb36cf0ebb3a5ce91"}),Qu=new X(`
    query Me {
  me {
    user {
      id
      username
      displayName
      mustChangePassword
    }
    roles
    tenant {
      id
      code
      name
      level
      levelLabel
    }
  }
}
    `,{hash:"14ffc728fb8031168dc951f2a26ff259da801101b2d3512f6784e580e5285d95"}),xf=new X(`
    query TenantPlace($id: ID!) {
  tenant(id: $id) {
    id
    code
    name
    level
    levelLabel
    ancestors {
      id
      code
      name
      level
      levelLabel
    }
    children(first: 50) {
      edges {
        node {
          id
          code
          name
          level
          levelLabel
        }
      }
    }
  }
}
    `,{hash:"27cf69e32d1c8beb90a0a0293c43105512f5065ecd889770f441d9d637d79afc"}),Af=new X(`
    query Indicators {
  indicators(first: 100) {
    edges {
      node {
        id
        code
        name
        measureUnit
        valueType
        aggregation
        categoryLabel
      }
    }
  }
}
    `,{hash:"450ff7c2b6ebf5f21d322820f03822c4f51ca678355b8f9693b50b4bc328886b"}),Cf=new X(`
    query Dashboard($tenantId: ID!, $period: String!, $indicatorIds: [ID!]!) {
  ...DashboardData
}
    fragment DashboardData on QueryRoot {
  tenant(id: $tenantId) {
    id
    rollup(period: $period, indicatorIds: $indicatorIds) {
      indicatorId
      target
      actual
      completion
      lastChangedAt
      children {
        tenant {
          id
        }
        actual
        share
        accepted
      }
    }
    children(first: 50) {
      edges {
        node {
          id
          code
          name
          rollup(period: $period, indicatorIds: $indicatorIds) {
            indicatorId
            target
            actual
            completion
          }
        }
      }
    }
  }
  submissions(filter: {parentId: $tenantId, period: $period}, first: 50) {
    edges {
      node {
        id
        tenant {
          id
        }
        status
        statusLabel
        updatedAt
      }
    }
  }
  designationCounts(tenantId: $tenantId) {
    tenant {
      id
      name
    }
    total
    byCategory {
      category
      label
      count
    }
  }
  rectificationSummary(tenantId: $tenantId) {
    counts {
      total
      overdue
    }
    children {
      tenant {
        id
      }
      counts {
        total
        overdue
      }
    }
  }
}`,{hash:"0beaa2a034240692f775b8db03f6d19813c0bbe586eb3d61a2c88bb47669cd9e"}),Of=new X(`
    subscription LiveDashboard($tenantId: ID!, $period: String!, $indicatorIds: [ID!]!) {
  liveQuery {
    ...DashboardData
  }
}
    fragment DashboardData on QueryRoot {
  tenant(id: $tenantId) {
    id
    rollup(period: $period, indicatorIds: $indicatorIds) {
      indicatorId
      target
      actual
      completion
      lastChangedAt
      children {
        tenant {
          id
        }
        actual
        share
        accepted
      }
    }
    children(first: 50) {
      edges {
        node {
          id
          code
          name
          rollup(period: $period, indicatorIds: $indicatorIds) {
            indicatorId
            target
            actual
            completion
          }
        }
      }
    }
  }
  submissions(filter: {parentId: $tenantId, period: $period}, first: 50) {
    edges {
      node {
        id
        tenant {
          id
        }
        status
        statusLabel
        updatedAt
      }
    }
  }
  designationCounts(tenantId: $tenantId) {
    tenant {
      id
      name
    }
    total
    byCategory {
      category
      label
      count
    }
  }
  rectificationSummary(tenantId: $tenantId) {
    counts {
      total
      overdue
    }
    children {
      tenant {
        id
      }
      counts {
        total
        overdue
      }
    }
  }
}`,{hash:"2b0be8160f294c26076f317722dd1f65642dd046a78e66d050e74ceba9a5f586"}),Pf=new X(`
    query Trend($tenantId: ID!, $indicatorIds: [ID!]!, $m01: String!, $m02: String!, $m03: String!, $m04: String!, $m05: String!, $m06: String!, $m07: String!, $m08: String!, $m09: String!, $m10: String!, $m11: String!, $m12: String!) {
  m01: rollup(tenantId: $tenantId, period: $m01, indicatorIds: $indicatorIds) {
    actual
  }
  m02: rollup(tenantId: $tenantId, period: $m02, indicatorIds: $indicatorIds) {
    actual
  }
  m03: rollup(tenantId: $tenantId, period: $m03, indicatorIds: $indicatorIds) {
    actual
  }
  m04: rollup(tenantId: $tenantId, period: $m04, indicatorIds: $indicatorIds) {
    actual
  }
  m05: rollup(tenantId: $tenantId, period: $m05, indicatorIds: $indicatorIds) {
    actual
  }
  m06: rollup(tenantId: $tenantId, period: $m06, indicatorIds: $indicatorIds) {
    actual
  }
  m07: rollup(tenantId: $tenantId, period: $m07, indicatorIds: $indicatorIds) {
    actual
  }
  m08: rollup(tenantId: $tenantId, period: $m08, indicatorIds: $indicatorIds) {
    actual
  }
  m09: rollup(tenantId: $tenantId, period: $m09, indicatorIds: $indicatorIds) {
    actual
  }
  m10: rollup(tenantId: $tenantId, period: $m10, indicatorIds: $indicatorIds) {
    actual
  }
  m11: rollup(tenantId: $tenantId, period: $m11, indicatorIds: $indicatorIds) {
    actual
  }
  m12: rollup(tenantId: $tenantId, period: $m12, indicatorIds: $indicatorIds) {
    actual
  }
}
    `,{hash:"ba2585107e877adee7557212f42c1089a351e04406dae42dda48258df03f3fc5"}),Nf=new X(`
    query Campaigns {
  campaigns(first: 20) {
    edges {
      node {
        id
        name
        startYear
        endYear
      }
    }
  }
}
    `,{hash:"8b7d8f0d8614c060828f52552627c62afbc8d0f08e23aa0458461d3db83d8431"}),Df=new X(`
    query DecompositionTable($tenantId: ID, $indicatorId: ID!, $period: String!) {
  decomposition(tenantId: $tenantId, indicatorId: $indicatorId, period: $period) {
    indicator {
      id
      name
      measureUnit
    }
    period
    ownTarget
    quotaReceived
    actual
    completion
    handedDown
    gap
    children {
      tenant {
        id
        code
        name
      }
      quota
      ownTarget
      actual
      completion
    }
  }
}
    `,{hash:"856490b1782b3644f5f059a8f3c1c50e6c5265a765ce86f99e29686c688ffbf3"}),kf=new X(`
    mutation SaveDecomposition($period: String!, $indicators: [IndicatorQuotasInput!]!) {
  saveDecomposition(period: $period, indicators: $indicators) {
    tenantId
    indicatorId
    target
    quota
  }
}
    `,{hash:"299d1199f2e5c7f75a5099808742a3536719957ff0bf8309895886f082d7f8f0"}),$f=new X(`
    query MyRectificationTasks($status: RectificationStatus, $overdue: Boolean, $after: String) {
  myRectificationTasks(
    status: $status
    overdue: $overdue
    first: 50
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TaskRow
      }
    }
  }
}
    fragment TaskRow on RectificationTask {
  id
  requirement
  deadline
  status
  statusLabel
  overdue
  daysOverdue
  version
  updatedAt
  inspectingTenant {
    id
    name
  }
  assigneeTenant {
    id
    name
  }
  assigneeUnit {
    id
    name
  }
}`,{hash:"4a82373be22560418d26b1944c74b60336c5cf55e34c37f7f9bcf3ac4eb8ba58"}),Mf=new X(`
    query SubtreeRectificationTasks($filter: RectificationTaskFilter, $after: String) {
  rectificationTasks(filter: $filter, first: 50, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...TaskRow
      }
    }
  }
}
    fragment TaskRow on RectificationTask {
  id
  requirement
  deadline
  status
  statusLabel
  overdue
  daysOverdue
  version
  updatedAt
  inspectingTenant {
    id
    name
  }
  assigneeTenant {
    id
    name
  }
  assigneeUnit {
    id
    name
  }
}`,{hash:"1b0ae2fe3aff88031e45e52e277874bf9e0678db2c1e4412e0dbb5a06608802d"}),Lf=new X(`
    query RectificationTask($id: ID!) {
  rectificationTask(id: $id) {
    ...TaskRow
    finding {
      id
      description
    }
    inspection {
      id
      title
      inspectedOn
    }
    evidenceText
    evidence
    files {
      ...EvidenceFile
    }
    reopenReason
    verifiedOn
    verifiedLate
    timeline {
      id
      action
      toStatus
      atTenant {
        name
      }
      actorName
      reason
      at
      evidenceText
      evidence
    }
  }
}
    fragment TaskRow on RectificationTask {
  id
  requirement
  deadline
  status
  statusLabel
  overdue
  daysOverdue
  version
  updatedAt
  inspectingTenant {
    id
    name
  }
  assigneeTenant {
    id
    name
  }
  assigneeUnit {
    id
    name
  }
}
fragment EvidenceFile on File {
  id
  reference
  name
  contentType
  size
  url
}`,{hash:"90bcaa2d09f71a65c851243f34ac12907190d41a718cd9e23234a9085b4a239b"}),Vf=new X(`
    mutation StartRectification($id: ID!, $version: Int!) {
  startRectification(id: $id, version: $version) {
    id
    status
    version
  }
}
    `,{hash:"c0050eb51dde27ea3b5bb99063b422d850cb1e33f6059634ce821e44b7adbc4b"}),Ff=new X(`
    mutation SubmitRectification($input: SubmitRectificationInput!) {
  submitRectification(input: $input) {
    id
    status
    version
  }
}
    `,{hash:"e8e2a2ef842e0a722bccc92d0758f954651c2574d36258f90b11217b6e69f2d1"}),Uf=new X(`
    mutation VerifyRectification($id: ID!, $version: Int!) {
  verifyRectification(id: $id, version: $version) {
    id
    status
    version
  }
}
    `,{hash:"d2fa990b13edf656c92d8439e03271d743be11924aa4cdf46e054d7d69ca6db0"}),Bf=new X(`
    mutation ReopenRectification($id: ID!, $version: Int!, $reason: String!) {
  reopenRectification(id: $id, version: $version, reason: $reason) {
    id
    status
    version
  }
}
    `,{hash:"eb0a0a5a7cc85610e74a208cfe07205ca2243f9f83426411fbab5358f1eb79af"}),jf=new X(`
    query ReportingForm($tenantId: ID!, $period: String!) {
  indicators(first: 100) {
    edges {
      node {
        id
        code
        name
        measureUnit
        valueType
        categoryLabel
        retired
      }
    }
  }
  reports(filter: {tenantId: $tenantId, period: $period}, first: 100) {
    edges {
      node {
        id
        indicatorId
        unitId
        value
        note
        version
        reportedAt
      }
    }
  }
  submissions(filter: {tenantId: $tenantId, period: $period}, first: 5) {
    edges {
      node {
        id
        status
        statusLabel
        version
        parent {
          name
        }
        timeline {
          action
          toStatus
          actorName
          reason
          at
        }
      }
    }
  }
}
    `,{hash:"41f35ad3c0d2d9bb39ba585eed8b2feefc22ac733af0a81b2cf0d3c1f23ec8cd"}),Hf=new X(`
    mutation ReportBatch($reports: [ReportInput!]!, $idempotencyKey: String) {
  reportBatch(reports: $reports, idempotencyKey: $idempotencyKey) {
    id
    indicatorId
    value
    version
    reportedAt
  }
}
    `,{hash:"ca0ff03ab688d4bb741aee0cebf6bb33181afdd973be8c0cd46910a582ca8550"}),qf=new X(`
    mutation SubmitPeriod($period: String!, $version: Int) {
  submitPeriod(period: $period, version: $version) {
    id
    status
    statusLabel
    version
  }
}
    `,{hash:"e75a1e1e411b1b81102f18fa19d2b36ff412c9b791181e59de2edf9ae1ee3073"}),Ju={appName:"石榴 · 民族团结进步示范创建",signIn:"登录",signOut:"退出",username:"用户名",password:"密码",signInTitle:"登录石榴平台",signedOutReused:"登录已在别处失效，请重新登录。",dashboard:"数据看板",reporting:"数据填报",decomposition:"任务分解",graphiql:"接口调试",period:"期间",year:"年度",quarter:"季度",month:"月份",yearly:"年",quarterly:"季",monthly:"月",completion:"完成率",actual:"完成",target:"目标",share:"占比",rank:"排名",name:"名称",byChild:"各下级目标与完成",trend:"月度趋势",ranking:"下级完成率排名",submissions:"下级上报情况",designations:"示范单位数量",rectification:"整改逾期",notSubmitted:"未上报",overdue:"逾期",total:"合计",none:"暂无数据",selected:"已选",selectedShare:"占全市",print:"打印",bigScreen:"数据大屏",exitBigScreen:"退出大屏",drillUp:"返回上级",children:"下级",switchTenant:"切换层级",online:"在线",offline:"离线（填报会先保存在本机）",save:"保存",submit:"上报",saving:"保存中…",saved:"已保存",changed:"已修改",empty:"未填",local:"已存本机，联网后自动发送",failed:"保存失败",locked:"已锁定",lockedBy:"已上报锁定",returned:"已退回",returnReason:"退回理由",discard:"放弃",submittedTo:"上报至",pendingOutbox:"条待发送",sendNow:"立即发送",noChanges:"没有需要保存的修改",submitDone:"已上报",invalidNumber:"请输入数字（最多4位小数）",indicator:"指标",ownTarget:"本级目标",quotaReceived:"上级下达",handedDown:"已分解",gap:"未分解",quota:"分解任务",overAllocated:"超出本级目标",belowQuota:"下级目标低于分解任务",exportXlsx:"导出 Excel",reset:"撤销修改",lastChange:"最近更新",loading:"加载中…",readOnlyChild:"这是下级的分解表，只能查看：目标和分解任务由该级管理员在本级填写。",liveOn:"实时更新",liveConnecting:"正在连接实时更新…",liveDown:"连接中断，每 {s} 秒刷新",account:"账户与安全",changePassword:"修改密码",currentPassword:"当前密码",oneTimePassword:"一次性密码（管理员提供）",newPassword:"新密码",repeatPassword:"再次输入新密码",passwordsDiffer:"两次输入的新密码不一致",required:"请填写",passwordHint:"新密码请混合字母、数字或符号，且不能与当前密码相同。",mustChangeIntro:"管理员已重置您的密码。请输入一次性密码并设置新密码，完成后才能继续使用平台。",passwordChanged:"密码已修改",otherSessionsEnded:"其他 {n} 个会话已退出",sessions:"登录会话",sessionsIntro:"以下是您账户当前登录的设备。发现陌生设备请退出该设备并修改密码。",currentSession:"当前会话",endSession:"退出该设备",sessionEnded:"已退出该设备",signedInAt:"登录于",validUntil:"有效至",clientAddress:"来源地址",unknown:"未知",accountLocked:"账户已锁定",lockedMinutes:"约 {m} 分钟后可再试，或请上级管理员解锁。",tooManyTries:"尝试次数过多",retryMinutes:"请约 {m} 分钟后再试。",rectificationTasks:"整改任务",myTasks:"我的整改任务",subtreeTasks:"本级及下级的整改任务",allStatuses:"全部状态",onlyOverdue:"只看逾期",noTasks:"暂无整改任务",loadMore:"加载更多",deadline:"整改期限",overdueDays:"逾期 {n} 天",tasksTotal:"共 {n} 项",requirement:"整改要求",finding:"发现问题",inspection:"督查",inspectedBy:"督查单位",assignee:"整改单位",verifiedOn:"销号日期",verifiedLate:"逾期销号",timelineTitle:"办理过程",backToList:"返回整改任务",lastReopen:"退回理由",startRectification:"开始整改",submitRectification:"提交整改",evidenceText:"整改情况说明",evidence:"整改佐证材料",otherReferences:"其他佐证",takePhoto:"拍照上传",chooseFiles:"选择文件",textReferences:"其他佐证（台账编号、链接等，每行一条，可不填）",fileKinds:"可上传照片（JPEG/PNG）、PDF、Word、Excel，单个不超过 50 MB",uploading:"上传中",uploaded:"已上传",uploadFailed:"上传失败",retry:"重试",remove:"移除",uploadNetwork:"网络中断，请检查网络后重试",waitUploads:"请等待文件上传完成",fixUploads:"有文件上传失败：请重试或移除",evidenceTextRequired:"请填写整改情况说明",verifyRectification:"核验销号",reopenRectification:"退回重改",confirmReopen:"确认退回",cancel:"取消",reasonRequired:"请填写退回理由",staleReloaded:"任务已被他人更新，已重新载入，请核对后再操作。",networkFailed:"网络连接失败，请稍后重试。",startedDone:"已开始整改",submittedDone:"已提交，等待核验",verifiedDone:"已核验销号",reopenedDone:"已退回重改",openFull:"查看原图",close:"关闭",download:"下载",statusOPEN:"待整改",statusIN_PROGRESS:"整改中",statusSUBMITTED:"待核验",statusREOPENED:"重新整改",statusVERIFIED:"已销号",actionOPEN:"下达整改",actionSTART:"开始整改",actionSUBMIT:"提交整改",actionVERIFY:"核验销号",actionREOPEN:"退回重改",language:"English"},Yu={appName:"Shiliu · Ethnic unity demonstration campaign",signIn:"Sign in",signOut:"Sign out",username:"Username",password:"Password",signInTitle:"Sign in to Shiliu",signedOutReused:"Your session ended elsewhere; please sign in again.",dashboard:"Dashboard",reporting:"Reporting",decomposition:"Decomposition",graphiql:"GraphiQL",period:"Period",year:"Year",quarter:"Quarter",month:"Month",yearly:"Year",quarterly:"Quarter",monthly:"Month",completion:"Completion",actual:"Actual",target:"Target",share:"Share",rank:"Rank",name:"Name",byChild:"Target and actual by child",trend:"Monthly trend",ranking:"Children by completion",submissions:"Submissions of the children",designations:"Demonstration units",rectification:"Rectification overdue",notSubmitted:"Not submitted",overdue:"Overdue",total:"Total",none:"No data",selected:"Selected",selectedShare:"share of total",print:"Print",bigScreen:"Big screen",exitBigScreen:"Leave big screen",drillUp:"Up one level",children:"Children",switchTenant:"Switch level",online:"Online",offline:"Offline (entries are kept on this phone)",save:"Save",submit:"Submit",saving:"Saving…",saved:"Saved",changed:"Changed",empty:"Empty",local:"Saved on this phone; sent when online",failed:"Not saved",locked:"Locked",lockedBy:"Locked by submission",returned:"Returned",returnReason:"Reason",discard:"Discard",submittedTo:"Submit to",pendingOutbox:"waiting to be sent",sendNow:"Send now",noChanges:"Nothing to save",submitDone:"Submitted",invalidNumber:"Enter a number (up to 4 decimals)",indicator:"Indicator",ownTarget:"Own target",quotaReceived:"Quota received",handedDown:"Handed down",gap:"Gap",quota:"Quota",overAllocated:"More than the own target",belowQuota:"Child's target below its quota",exportXlsx:"Export Excel",reset:"Undo changes",lastChange:"Last change",loading:"Loading…",readOnlyChild:"This is a lower level's table, read-only: its own admin sets its target and quotas.",liveOn:"Live",liveConnecting:"Connecting for live updates…",liveDown:"Connection lost; refreshing every {s} s",account:"Account and security",changePassword:"Change password",currentPassword:"Current password",oneTimePassword:"One-time password (from your admin)",newPassword:"New password",repeatPassword:"New password again",passwordsDiffer:"The two new passwords differ",required:"Required",passwordHint:"Mix letters, digits or symbols; not the same as the current password.",mustChangeIntro:"An admin reset your password. Enter the one-time password and choose a new one to go on.",passwordChanged:"Password changed",otherSessionsEnded:"{n} other sessions signed out",sessions:"Sessions",sessionsIntro:"The devices signed in to your account. Sign out any you do not know and change your password.",currentSession:"This session",endSession:"Sign that device out",sessionEnded:"That device is signed out",signedInAt:"Signed in",validUntil:"Valid until",clientAddress:"From",unknown:"Unknown",accountLocked:"Account locked",lockedMinutes:"Try again in about {m} min, or ask an admin above you to unlock it.",tooManyTries:"Too many tries",retryMinutes:"Try again in about {m} min.",rectificationTasks:"Rectification",myTasks:"My rectification tasks",subtreeTasks:"Tasks of my level and below",allStatuses:"All statuses",onlyOverdue:"Overdue only",noTasks:"No rectification tasks",loadMore:"More",deadline:"Deadline",overdueDays:"{n} days overdue",tasksTotal:"{n} in all",requirement:"Requirement",finding:"Finding",inspection:"Inspection",inspectedBy:"Inspected by",assignee:"Assignee",verifiedOn:"Verified on",verifiedLate:"Verified late",timelineTitle:"Timeline",backToList:"Back to the tasks",lastReopen:"Sent back because",startRectification:"Start",submitRectification:"Submit",evidenceText:"What was done",evidence:"Evidence",otherReferences:"Other references",takePhoto:"Take a photo",chooseFiles:"Choose files",textReferences:"Other references (ledger numbers, links; one a line, optional)",fileKinds:"Photos (JPEG/PNG), PDF, Word, Excel; up to 50 MB each",uploading:"Uploading",uploaded:"Uploaded",uploadFailed:"Upload failed",retry:"Retry",remove:"Remove",uploadNetwork:"Connection lost; check it and retry",waitUploads:"Wait for the uploads to finish",fixUploads:"Some files failed: retry or remove them",evidenceTextRequired:"Say what was done",verifyRectification:"Verify",reopenRectification:"Send back",confirmReopen:"Send back",cancel:"Cancel",reasonRequired:"Give a reason",staleReloaded:"Someone else changed this task; it was reloaded. Check it and try again.",networkFailed:"No connection; try again later.",startedDone:"Started",submittedDone:"Submitted for verification",verifiedDone:"Verified",reopenedDone:"Sent back",openFull:"Full size",close:"Close",download:"Download",statusOPEN:"Open",statusIN_PROGRESS:"In progress",statusSUBMITTED:"To verify",statusREOPENED:"Reopened",statusVERIFIED:"Verified",actionOPEN:"Opened",actionSTART:"Started",actionSUBMIT:"Submitted",actionVERIFY:"Verified",actionREOPEN:"Sent back",language:"中文"};function Xu(){try{return localStorage.getItem("shiliu.locale")==="en"?"en":"zh-CN"}catch{return"zh-CN"}}const At=It(Xu());function fe(e){return(At.value==="en"?Yu:Ju)[e]}function ns(){At.value=At.value==="en"?"zh-CN":"en",localStorage.setItem("shiliu.locale",At.value),document.documentElement.lang=At.value}const nn=new ju({locale:()=>At.value}),Bt=new Vu(Fu(localStorage),Hu(nn,Wu),{lock:Lu});nn.session=Bt;const Gf=new qu(indexedDB,"shiliu",Gu),G=$n({me:null,online:navigator.onLine,signedOutReason:null});window.addEventListener("online",()=>G.online=!0);window.addEventListener("offline",()=>G.online=!1);window.addEventListener("storage",e=>{e.key==="shiliu.session"&&Bt.reload()});Bt.onChange((e,t)=>{e||(G.me=null,t==="rejected"&&(G.signedOutReason=t))});nn.onPasswordChangeRequired=()=>{G.me&&!G.me.user.mustChangePassword&&(G.me.user.mustChangePassword=!0)};const Hn=e=>G.me?.roles.includes(e)??!1;async function ea(){if(!Bt.tokens)return null;try{const e=await nn.request(Qu,{});G.me=e.me,localStorage.setItem("shiliu.me",JSON.stringify(e.me))}catch(e){if(e instanceof Nn)return Bt.signOut(e.code==="UNAUTHENTICATED"?"rejected":"user"),null;const t=localStorage.getItem("shiliu.me");G.me=t?JSON.parse(t):null}return G.me}async function Zu(e,t){const n=await nn.request(Ku,{username:e,password:t},!0);G.signedOutReason=null,Bt.signIn(Zo(n.login)),await ea(),G.me&&n.login.mustChangePassword&&(G.me.user.mustChangePassword=!0)}function Kf(){G.me&&(G.me.user.mustChangePassword=!1,localStorage.setItem("shiliu.me",JSON.stringify(G.me)))}const wn=()=>G.me?.user.mustChangePassword??!1;async function ef(){try{await nn.request(zu,{})}catch{}localStorage.removeItem("shiliu.me"),Bt.signOut("user")}function Ys(e){return e.roles.includes("REPORTER")&&!e.roles.includes("ADMIN")?"/report":`/dashboard/${e.tenant.id}`}const tf=["lang"],nf={key:0,class:"top no-print"},sf={key:0},rf={class:"who"},of=hs({__name:"App",setup(e){const t=Qo(),n=Jo(),s=Pe(()=>n.path.startsWith("/screen/"));Qt(()=>G.me,r=>{!r&&!n.meta.public&&t.push("/login")}),Qt(wn,r=>{r&&!n.meta.passwordChange&&t.push({path:"/change-password",query:n.meta.public?{}:{next:n.fullPath}})});async function i(){await ef(),t.push("/login")}return(r,o)=>{const a=Ai("RouterLink"),l=Ai("RouterView");return Te(),Tt("div",{class:Yt(["shell",{big:s.value}]),lang:F(At)},[F(G).me&&!s.value?(Te(),Tt("header",nf,[o[1]||(o[1]=ae("span",{class:"brand"},"石榴",-1)),F(wn)()?Xe("",!0):(Te(),Tt("nav",sf,[Ee(a,{to:`/dashboard/${F(G).me.tenant.id}`,"data-nav":"dashboard"},{default:Wt(()=>[pt(ie(F(fe)("dashboard")),1)]),_:1},8,["to"]),F(Hn)("REPORTER")?(Te(),un(a,{key:0,to:"/report","data-nav":"report"},{default:Wt(()=>[pt(ie(F(fe)("reporting")),1)]),_:1})):Xe("",!0),F(Hn)("REPORTER")||F(Hn)("REVIEWER")?(Te(),un(a,{key:1,to:"/rectification","data-nav":"rectification"},{default:Wt(()=>[pt(ie(F(fe)("rectificationTasks")),1)]),_:1})):Xe("",!0),F(Hn)("ADMIN")&&F(G).me.tenant.level!=="TOWNSHIP"?(Te(),un(a,{key:2,to:`/decomposition/${F(G).me.tenant.id}`,"data-nav":"decomposition"},{default:Wt(()=>[pt(ie(F(fe)("decomposition")),1)]),_:1},8,["to"])):Xe("",!0)])),o[2]||(o[2]=ae("span",{class:"spacer"},null,-1)),ae("span",{class:Yt(["net",F(G).online?"on":"off"]),"data-test":"network"},ie(F(G).online?F(fe)("online"):F(fe)("offline")),3),ae("span",rf,ie(F(G).me.user.displayName)+" · "+ie(F(G).me.tenant.name),1),F(wn)()?Xe("",!0):(Te(),un(a,{key:1,to:"/account",class:"account-link","data-nav":"account"},{default:Wt(()=>[pt(ie(F(fe)("account")),1)]),_:1})),ae("button",{class:"link",type:"button",onClick:o[0]||(o[0]=(...f)=>F(ns)&&F(ns)(...f))},ie(F(fe)("language")),1),ae("button",{class:"link",type:"button","data-test":"sign-out",onClick:i},ie(F(fe)("signOut")),1)])):Xe("",!0),ae("main",null,[Ee(l)])],10,tf)}}}),af=function(){const t=typeof document<"u"&&document.createElement("link").relList;return t&&t.supports&&t.supports("modulepreload")?"modulepreload":"preload"}(),lf=function(e){return"/"+e},vr={},Rt=function(t,n,s){let i=Promise.resolve();if(n&&n.length>0){document.getElementsByTagName("link");const o=document.querySelector("meta[property=csp-nonce]"),a=o?.nonce||o?.getAttribute("nonce");i=Promise.allSettled(n.map(l=>{if(l=lf(l),l in vr)return;vr[l]=!0;const f=l.endsWith(".css"),u=f?'[rel="stylesheet"]':"";if(document.querySelector(`link[href="${l}"]${u}`))return;const d=document.createElement("link");if(d.rel=f?"stylesheet":af,f||(d.as="script"),d.crossOrigin="",d.href=l,a&&d.setAttribute("nonce",a),document.head.appendChild(d),f)return new Promise((g,b)=>{d.addEventListener("load",g),d.addEventListener("error",()=>b(new Error(`Unable to preload CSS for ${l}`)))})}))}function r(o){const a=new Event("vite:preloadError",{cancelable:!0});if(a.payload=o,window.dispatchEvent(a),!a.defaultPrevented)throw o}return i.then(o=>{for(const a of o||[])a.status==="rejected"&&r(a.reason);return t().catch(r)})};function Wf(e,t){const n={};return e.currentPassword||(n.currentPassword=t.required),e.newPassword||(n.newPassword=t.required),e.repeat?e.newPassword&&e.repeat!==e.newPassword&&(n.repeat=t.passwordsDiffer):n.repeat=t.required,{fields:n,general:[]}}const zf=e=>e.general.length>0||Object.keys(e.fields).length>0;function cf(e){const t=e?.split(".").pop();return t==="currentPassword"||t==="newPassword"?t:null}function Qf(e){const t={},n=[];for(const s of e){const i=cf(s.field);i?t[i]=t[i]?`${t[i]}；${s.message}`:s.message:n.push(s.message)}return{fields:t,general:n}}function _r(e){return e===void 0||!Number.isFinite(e)||e<0?null:Math.max(1,Math.ceil(e/60))}function uf(e){return e?e.code==="ACCOUNT_LOCKED"?{kind:"locked",message:e.message,minutes:_r(e.retryAfter)}:e.code==="RATE_LIMITED"?{kind:"throttled",message:e.message,minutes:_r(e.retryAfter)}:null:null}const ff={class:"signin"},df={class:"muted"},hf={key:0,class:"warn",role:"status"},pf={key:0,"data-test":"blocked-minutes"},gf={key:2,class:"error",role:"alert"},mf=["disabled"],wr=hs({__name:"SignIn",setup(e){const t=Qo(),n=Jo(),s=It(""),i=It(""),r=It(""),o=It(null),a=It(!1);async function l(){r.value="",o.value=null,a.value=!0;try{await Zu(s.value.trim(),i.value),i.value="";const f=typeof n.query.next=="string"?n.query.next:null;G.me&&t.push(f??Ys(G.me))}catch(f){o.value=f instanceof Nn?uf(f.items[0]):null,o.value||(r.value=f instanceof Error?f.message:String(f))}finally{a.value=!1}}return(f,u)=>(Te(),Tt("section",ff,[ae("form",{class:"card",onSubmit:Ic(l,["prevent"])},[ae("h1",null,[u[3]||(u[3]=ae("span",{class:"brand"},"石榴",-1)),pt(" "+ie(F(fe)("signInTitle")),1)]),ae("p",df,ie(F(fe)("appName")),1),F(G).signedOutReason==="rejected"?(Te(),Tt("p",hf,ie(F(fe)("signedOutReused")),1)):Xe("",!0),ae("label",null,[pt(ie(F(fe)("username")),1),Ii(ae("input",{"onUpdate:modelValue":u[0]||(u[0]=d=>s.value=d),name:"username",autocomplete:"username",required:"",autocapitalize:"off"},null,512),[[Ji,s.value]])]),ae("label",null,[pt(ie(F(fe)("password")),1),Ii(ae("input",{"onUpdate:modelValue":u[1]||(u[1]=d=>i.value=d),name:"password",type:"password",autocomplete:"current-password",required:""},null,512),[[Ji,i.value]])]),o.value?(Te(),Tt("div",{key:1,class:Yt(["blocked",o.value.kind]),role:"alert","data-test":"sign-in-blocked"},[ae("strong",null,ie(o.value.kind==="locked"?F(fe)("accountLocked"):F(fe)("tooManyTries")),1),ae("p",null,ie(o.value.message),1),o.value.minutes!==null?(Te(),Tt("p",pf,ie(F(fe)(o.value.kind==="locked"?"lockedMinutes":"retryMinutes").replace("{m}",String(o.value.minutes))),1)):Xe("",!0)],2)):Xe("",!0),r.value?(Te(),Tt("p",gf,ie(r.value),1)):Xe("",!0),ae("button",{class:"primary",type:"submit",disabled:a.value},ie(F(fe)("signIn")),9,mf),ae("button",{class:"link",type:"button",onClick:u[2]||(u[2]=(...d)=>F(ns)&&F(ns)(...d))},ie(F(fe)("language")),1)],32)]))}}),ta=$u({history:pu(),routes:[{path:"/login",component:wr,meta:{public:!0}},{path:"/",component:wr,meta:{home:!0}},{path:"/dashboard/:tenantId",component:()=>Rt(()=>import("./Dashboard-Dv3PPWmv.js"),__vite__mapDeps([0,1,2,3])),props:!0},{path:"/screen/:tenantId",component:()=>Rt(()=>import("./Dashboard-Dv3PPWmv.js"),__vite__mapDeps([0,1,2,3])),props:e=>({tenantId:e.params.tenantId,big:!0})},{path:"/report",component:()=>Rt(()=>import("./Reporting-BzT8DEQp.js"),__vite__mapDeps([4,2,1]))},{path:"/decomposition/:tenantId",component:()=>Rt(()=>import("./Decomposition-DHZxBYC9.js"),__vite__mapDeps([5,2,1,3])),props:!0},{path:"/rectification",component:()=>Rt(()=>import("./Rectification-CZJ6ZlSv.js"),[])},{path:"/rectification/:id",component:()=>Rt(()=>import("./RectificationTask-D7_lOH1u.js"),__vite__mapDeps([6,2])),props:!0},{path:"/change-password",component:()=>Rt(()=>import("./ChangePassword-DxKJLIez.js"),__vite__mapDeps([7,8])),meta:{passwordChange:!0}},{path:"/account",component:()=>Rt(()=>import("./Account-7Saw58RR.js"),__vite__mapDeps([9,2,8]))},{path:"/:rest(.*)*",redirect:"/"}]});ta.beforeEach(async e=>{if(e.meta.public)return!0;const t=G.me??await ea();return t?wn()&&!e.meta.passwordChange?{path:"/change-password",query:e.meta.home||e.path==="/login"?{}:{next:e.fullPath}}:!wn()&&e.meta.passwordChange||e.meta.home?Ys(t):!0:{path:"/login",query:e.path==="/"?{}:{next:e.fullPath}}});document.documentElement.lang=At.value;Ac(of).use(ta).mount("#app");export{Mf as $,Gf as A,Ef as B,G as C,Hf as D,Nn as E,Le as F,Bt as G,kf as H,Df as I,br as J,Bu as K,Af as L,Cf as M,ln as N,Of as O,Pf as P,bf as Q,jf as R,qf as S,xf as T,Nf as U,Wt as V,Ai as W,Ii as X,wf as Y,_f as Z,$f as _,il as a,Hn as a0,Ji as a1,Uf as a2,Lf as a3,Vf as a4,Bf as a5,Ff as a6,Kf as a7,Ys as a8,Tf as a9,If as aa,Wf as ab,zf as ac,Sf as ad,Qf as ae,Te as b,Tt as c,hs as d,ae as e,fe as f,vf as g,Xe as h,Pe as i,Ic as j,pt as k,Rf as l,Ee as m,Yt as n,tl as o,un as p,Jo as q,It as r,yf as s,ie as t,F as u,Qo as v,Qt as w,ei as x,nn as y,$n as z};
